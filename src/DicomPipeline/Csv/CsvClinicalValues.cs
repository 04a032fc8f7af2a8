using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DicomPipeline.Csv;

/// <summary>A read-only view of one row's clinical columns over the table's cells; nothing is copied.</summary>
internal sealed class CsvClinicalValues(CsvLookupTable table, int rowIndex) : IReadOnlyDictionary<string, string>
{
    public int Count => table.ClinicalColumnNames.Count;

    public IEnumerable<string> Keys => table.ClinicalColumnNames;

    public IEnumerable<string> Values => Enumerable.Range(0, Count).Select(i => table.ClinicalCell(rowIndex, i));

    public string this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException("The CSV has no clinical column of that name.");

    public bool ContainsKey(string key) => table.TryGetClinicalPosition(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (table.TryGetClinicalPosition(key, out var position))
        {
            value = table.ClinicalCell(rowIndex, position);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, string>(table.ClinicalColumnNames[i], table.ClinicalCell(rowIndex, i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
