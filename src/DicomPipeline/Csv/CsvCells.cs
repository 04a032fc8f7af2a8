using System.Buffers;

namespace DicomPipeline.Csv;

/// <summary>Helpers for values written into CSV files that people open in spreadsheets (the manifest).</summary>
public static class CsvCells
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// Protects a cell against spreadsheet formula injection (OWASP "CSV injection"): a value starting with <c>=</c>,
    /// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading single quote, so a spreadsheet shows it
    /// as text instead of evaluating it. Other values are returned unchanged. Negative numbers are quoted too, which is
    /// the price of never evaluating a cell.
    /// </summary>
    /// <param name="value">The cell's value.</param>
    /// <returns>The value, safe to write as a cell.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string Protect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;
    }
}
