using System.Buffers;
using System.Text;
using System.Text.Json;

namespace QueueCtl.Cli.Input;

/// <summary>
/// Reads JSON objects one at a time from a stream holding one object, a JSON array of objects, or JSON Lines
/// (any whitespace between objects). Only the object being read is buffered, so 100,000 lines from stdin never
/// become one big string. Each object is handed out as UTF-8 bytes together with the line it starts on, checked to be
/// valid UTF-8 (the JSON reader checks the structure, not the text inside strings). A problem names its line and column:
/// columns count bytes from 1, which is characters for ASCII text.
/// </summary>
internal sealed class JsonObjectStream(Stream stream)
{
    /// <summary>A single job object larger than this is refused (the host's frame limit is 16 MiB).</summary>
    public const int MaxObjectBytes = 4 * 1024 * 1024;

    private enum Layout { Start, ArrayFirst, Array, AfterArray, Lines, Done }

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private int _line = 1;
    private int _column;
    private Layout _layout = Layout.Start;
    private int _valueOffset;
    private int _valueLength;

    /// <summary>How many objects have been handed out.</summary>
    public int Count { get; private set; }

    /// <summary>The object returned by the last successful <see cref="TryRead"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_valueOffset, _valueLength);

    /// <summary>The line the current object starts on (1-based).</summary>
    public int CurrentLine { get; private set; }

    /// <summary>True with the next object in <see cref="Current"/>; false at the end, or with a problem.</summary>
    public bool TryRead(out InputProblem? problem)
    {
        problem = null;
        while (true)
        {
            if (_layout == Layout.Done)
            {
                return false;
            }
            if (_layout == Layout.Start)
            {
                SkipByteOrderMark();
            }
            if (!SkipWhitespace())
            {
                if (_layout is Layout.ArrayFirst or Layout.Array)
                {
                    problem = Problem("the JSON array is not closed with ']'");
                }
                _layout = Layout.Done;
                return false;
            }

            var next = _buffer[_start];
            switch (_layout)
            {
                case Layout.Start when next == (byte)'[':
                    Advance(1);
                    _layout = Layout.ArrayFirst;
                    continue;
                case Layout.Start when next == (byte)'{':
                    _layout = Layout.Lines;
                    return ReadObject(out problem);
                case Layout.Start:
                    return Stop(out problem, $"expected a JSON object or array at {Position()}, found {Found(next)}");
                case Layout.ArrayFirst when next == (byte)']':
                case Layout.Array when next == (byte)']':
                    Advance(1);
                    _layout = Layout.AfterArray;
                    continue;
                case Layout.ArrayFirst:
                    _layout = Layout.Array;
                    return ReadObject(out problem);
                case Layout.Array when next == (byte)',':
                    Advance(1);
                    if (!SkipWhitespace())
                    {
                        return Stop(out problem, "the JSON array is not closed with ']'");
                    }
                    return ReadObject(out problem);
                case Layout.Array:
                    return Stop(out problem, $"expected ',' or ']' after job {Count} at {Position()}, found {Found(next)}");
                case Layout.AfterArray:
                    return Stop(out problem, $"unexpected data after the JSON array at {Position()}: {Found(next)}");
                case Layout.Lines:
                    return ReadObject(out problem);
            }
        }
    }

    private bool ReadObject(out InputProblem? problem)
    {
        problem = null;
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, state: default);
            try
            {
                if (reader.Read())
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return Stop(out problem,
                            $"job {Count + 1} at {Position()} is {JobObjectParser.Describe(reader.TokenType)}, not a JSON object");
                    }
                    if (reader.TrySkip())
                    {
                        var length = (int)reader.BytesConsumed;
                        if (NotUtf8(_buffer.AsSpan(_start, length)) is { } bad)
                        {
                            return Stop(out problem, $"job {Count + 1} has bytes that are not UTF-8 text at {Position(bad)}: " +
                                                     $"{Found(_buffer[_start + bad])}", Utf8Fix);
                        }
                        Count++;
                        CurrentLine = _line;
                        _valueOffset = _start;
                        _valueLength = length;
                        Advance(_valueLength);
                        return true;
                    }
                }
            }
            catch (JsonException e) when (_eof && e.Message.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
            {
                return Stop(out problem, $"invalid JSON: job {Count + 1}, from {Position()}, ends before its closing '}}'", JsonFix);
            }
            catch (JsonException e)
            {
                var line = (int)(e.LineNumber ?? 0);
                var column = (line == 0 ? _column : 0) + (int)(e.BytePositionInLine ?? 0) + 1;
                return Stop(out problem, $"invalid JSON in job {Count + 1} at line {_line + line}, column {column}: {Readable(e.Message)}",
                    JsonFix);
            }
            if (_end - _start >= MaxObjectBytes)
            {
                return Stop(out problem, $"job {Count + 1} is larger than {MaxObjectBytes / (1024 * 1024)} MiB");
            }
            if (_eof)
            {
                return Stop(out problem, $"invalid JSON: job {Count + 1}, from {Position()}, ends before its closing '}}'", JsonFix);
            }
            // The object continues past what has been read so far.
            Fill();
        }
    }

    private const string ShapeFix = "give one JSON object, an array of objects, or one object per line (JSON Lines)";

    private const string JsonFix =
        "correct the JSON there; jobs are one JSON object, an array of objects, or one object per line (JSON Lines)";

    private const string Utf8Fix = "save the input as UTF-8 (iconv -f latin1 -t utf-8 converts Latin-1), or write such characters as \\u escapes";

    private bool Stop(out InputProblem? problem, string what, string fix = ShapeFix)
    {
        problem = new InputProblem(what, fix);
        _layout = Layout.Done;
        return false;
    }

    private static InputProblem Problem(string what) => new(what, ShapeFix);

    /// <summary>"line L, column C" of the byte <paramref name="offset"/> bytes after the next unread one.</summary>
    private string Position(int offset = 0)
    {
        var before = _buffer.AsSpan(_start, offset);
        var lastNewline = before.LastIndexOf((byte)'\n');
        var line = _line + before.Count((byte)'\n');
        var column = lastNewline < 0 ? _column + offset : offset - lastNewline - 1;
        return $"line {line}, column {column + 1}";
    }

    /// <summary>A byte as the user would recognize it: a printable ASCII character quoted, anything else in hex.</summary>
    private static string Found(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>The offset of the first byte of <paramref name="json"/> that is not part of valid UTF-8, or null.</summary>
    private static int? NotUtf8(ReadOnlySpan<byte> json)
    {
        if (System.Text.Unicode.Utf8.IsValid(json))
        {
            return null;
        }
        var offset = 0;
        while (Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }
        return offset;
    }

    /// <summary>
    /// The reader's message without its own 0-based position (which means nothing to the user) and without its advice
    /// about reader options, which are the CLI's, not the user's.
    /// </summary>
    private static string Readable(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut < 0 ? message : message[..cut])
            .Replace(" Change the reader options.", "", StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", "", StringComparison.Ordinal)
            .Trim().TrimEnd('.');
        return text.StartsWith("The ", StringComparison.Ordinal) ? "the " + text[4..] : text;
    }

    private bool SkipWhitespace()
    {
        while (true)
        {
            while (_start < _end)
            {
                var b = _buffer[_start];
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return true;
                }
                if (b == (byte)'\n')
                {
                    _line++;
                    _column = 0;
                }
                else
                {
                    _column++;
                }
                _start++;
            }
            if (_eof)
            {
                return false;
            }
            Fill();
        }
    }

    private void SkipByteOrderMark()
    {
        while (_end - _start < 3 && !_eof)
        {
            Fill();
        }
        if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
        {
            _start += 3;
        }
    }

    private void Advance(int count)
    {
        var span = _buffer.AsSpan(_start, count);
        var lastNewline = span.LastIndexOf((byte)'\n');
        _line += span.Count((byte)'\n');
        _column = lastNewline < 0 ? _column + count : count - lastNewline - 1;
        _start += count;
    }

    /// <summary>Reads more input after what is buffered, compacting or growing the buffer as needed.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _valueOffset = 0;
            _valueLength = 0;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }
}
