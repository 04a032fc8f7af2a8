using System.Buffers;
using System.Text;

namespace DicomPipeline.Storage;

/// <summary>Cells of the CSV files the pipeline writes (manifest, audit map), safe to open in a spreadsheet.</summary>
internal static class CsvCells
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// Defuses a value a spreadsheet would take for a formula (OWASP "CSV injection"): a leading <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, tab or carriage return gets an apostrophe, so the cell shows as text. Negative numbers are
    /// quoted too, the price of never evaluating a cell. Other values are returned as they are.
    /// </summary>
    public static string Defuse(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;

    /// <summary>A CSV cell: defused, then quoted when it holds a separator, a quote or a line break.</summary>
    public static string Cell(string value)
    {
        value = Defuse(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Writes one row, CRLF-terminated (RFC 4180), cell by cell.</summary>
    public static async Task WriteRowAsync(TextWriter writer, IEnumerable<string> cells, CancellationToken cancellationToken)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                await writer.WriteAsync(',').ConfigureAwait(false);
            }

            await writer.WriteAsync(Cell(cell).AsMemory(), cancellationToken).ConfigureAwait(false);
            first = false;
        }

        await writer.WriteAsync("\r\n".AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends one row, CRLF-terminated (RFC 4180).</summary>
    public static void AppendRow(StringBuilder builder, IEnumerable<string> cells) =>
        builder.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
}
