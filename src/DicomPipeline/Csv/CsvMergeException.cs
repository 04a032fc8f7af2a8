using System.Globalization;

namespace DicomPipeline.Csv;

/// <summary>
/// A clinical CSV cannot be used: it is empty, lacks the key column, has a duplicate key, a ragged row, bad quoting, or a
/// value that does not fit its attribute. The message names the file, the line and the column, never a cell's content,
/// which may be a patient identifier.
/// </summary>
public sealed class CsvMergeException : DicomPipelineException
{
    /// <summary>Creates an exception with a default message.</summary>
    public CsvMergeException()
        : this("The CSV cannot be merged.")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">What is wrong, without patient data.</param>
    public CsvMergeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    /// <param name="message">What is wrong, without patient data.</param>
    /// <param name="innerException">The cause.</param>
    public CsvMergeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming where the problem is.</summary>
    /// <param name="reason">What is wrong, without the location and without any cell's content.</param>
    /// <param name="filePath">The CSV file, or <see langword="null"/> when not read from a file.</param>
    /// <param name="line">The 1-based line where the row with the problem starts.</param>
    /// <param name="column">The 1-based field position in that row.</param>
    /// <param name="columnName">The header of that column, when it has one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CsvMergeException(string reason, string? filePath, int line, int column, string? columnName, Exception? innerException = null)
        : base(Format(reason, filePath, line, column, columnName), innerException)
    {
        Reason = reason;
        FilePath = filePath;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The CSV file, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line where the row with the problem starts (1 for the header and for an empty file); 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based field position of the problem in that row (1 when the problem concerns the whole row or file); 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The header of the column with the problem, when it has one.</summary>
    public string? ColumnName { get; }

    private static string Format(string reason, string? filePath, int line, int column, string? columnName)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{filePath ?? "<csv>"}: line {line}, column {column}");
        return columnName is null ? $"{where}: {reason}" : $"{where} ('{columnName}'): {reason}";
    }
}
