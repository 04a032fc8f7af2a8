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

    /// <summary>Writes one row to a file being streamed.</summary>
    public static Task WriteRowAsync(TextWriter writer, IEnumerable<string> cells, CancellationToken cancellationToken) =>
        writer.WriteAsync(Row(cells).AsMemory(), cancellationToken);

    /// <summary>
    /// Writes a whole CSV file from <paramref name="rows"/>, streamed as they are enumerated (so a manifest of a million
    /// rows is never whole in memory), under a temporary name renamed into place when complete (<see cref="AtomicFile"/>).
    /// </summary>
    public static Task WriteFileAsync(string path, IEnumerable<IEnumerable<string>> rows, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(
            path,
            async (stream, ct) =>
            {
                var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var row in rows)
                    {
                        await WriteRowAsync(writer, row, ct).ConfigureAwait(false);
                    }
                }
            },
            cancellationToken);

    /// <summary>Appends one row.</summary>
    public static void AppendRow(StringBuilder builder, IEnumerable<string> cells) => builder.Append(Row(cells));

    /// <summary>One row: the cells joined by commas, CRLF-terminated (RFC 4180).</summary>
    private static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";
}
