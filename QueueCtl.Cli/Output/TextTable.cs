using System.Text;

namespace QueueCtl.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces; the last column is never padded.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder text)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        WriteRow(text, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(text, row, widths);
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        WriteTo(text);
        return text.ToString();
    }

    private static void WriteRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            text.Append(last ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }
        text.Append('\n');
    }
}
