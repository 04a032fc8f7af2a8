namespace DicomPipeline.Csv;

/// <summary>
/// A row of a <see cref="CsvLookupTable"/>, as found for an instance by <see cref="CsvLookupTable.TryGetRow"/>. It does
/// not expose the key, which is an original identifier.
/// </summary>
public sealed class CsvRow
{
    internal CsvRow(CsvLookupTable table, int index, int line)
    {
        Table = table;
        Index = index;
        Line = line;
    }

    /// <summary>The 1-based line of the CSV file where the row starts.</summary>
    public int Line { get; }

    internal CsvLookupTable Table { get; }

    internal int Index { get; }
}
