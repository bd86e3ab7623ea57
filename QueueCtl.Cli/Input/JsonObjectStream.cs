using System.Text.Json;

namespace QueueCtl.Cli.Input;

/// <summary>
/// Reads JSON objects one at a time from a stream holding one object, a JSON array of objects, or JSON Lines
/// (any whitespace between objects). Only the object being read is buffered, so 100,000 lines from stdin never
/// become one big string. Each object is handed out as UTF-8 bytes together with the line it starts on.
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
                    return Stop(out problem, $"expected a JSON object or array, found '{(char)next}'");
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
                    return Stop(out problem, $"expected ',' or ']' after job {Count}, found '{(char)next}'");
                case Layout.AfterArray:
                    return Stop(out problem, "unexpected data after the JSON array");
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
                        return Stop(out problem, $"job {Count + 1} is {JobObjectParser.Describe(reader.TokenType)}, not a JSON object");
                    }
                    if (reader.TrySkip())
                    {
                        Count++;
                        CurrentLine = _line;
                        _valueOffset = _start;
                        _valueLength = (int)reader.BytesConsumed;
                        Advance(_valueLength);
                        return true;
                    }
                }
            }
            catch (JsonException e)
            {
                var line = _line + (int)(e.LineNumber ?? 0);
                return Stop(out problem, $"invalid JSON at line {line}: {WithoutPosition(e.Message)}");
            }
            if (_end - _start >= MaxObjectBytes)
            {
                return Stop(out problem, $"job {Count + 1} is larger than {MaxObjectBytes / (1024 * 1024)} MiB");
            }
            if (_eof)
            {
                return Stop(out problem, $"job {Count + 1} ends before its closing '}}'");
            }
            // The object continues past what has been read so far.
            Fill();
        }
    }

    private bool Stop(out InputProblem? problem, string what)
    {
        problem = Problem(what);
        _layout = Layout.Done;
        return false;
    }

    private static InputProblem Problem(string what) =>
        new(what, "give one JSON object, an array of objects, or one object per line (JSON Lines)");

    /// <summary>The reader's message ends with its own 0-based position, which means nothing to the user.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd();
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
        _line += _buffer.AsSpan(_start, count).Count((byte)'\n');
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
