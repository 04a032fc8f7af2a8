namespace DicomPipeline.Csv;

/// <summary>
/// How a clinical CSV is joined to the images: which column holds the key, which attribute of the original (not yet
/// de-identified) instance it is compared with, the delimiter, what happens to images without a row, and which
/// clinical columns are also written as DICOM attributes. Bound from the configuration section <c>DicomPipeline:Csv</c>.
/// </summary>
public sealed class CsvMergeOptions
{
    /// <summary>The default <see cref="KeyColumn"/>.</summary>
    public const string DefaultKeyColumn = "OriginalPatientID";

    /// <summary>The default <see cref="MaxColumns"/>.</summary>
    public const int DefaultMaxColumns = 1024;

    /// <summary>The default <see cref="MatchAttribute"/>.</summary>
    public const string DefaultMatchAttribute = "PatientID";

    /// <summary>
    /// The header of the column holding the key. Its values are compared, ordinally and without surrounding spaces, with
    /// <see cref="MatchAttribute"/> of the original instance. The key column is never written into an instance nor carried
    /// into the manifest, since it holds the original identifier.
    /// </summary>
    public string KeyColumn { get; set; } = DefaultKeyColumn;

    /// <summary>
    /// The keyword of the attribute of the original instance the key is compared with, e.g. <c>PatientID</c>,
    /// <c>AccessionNumber</c> or <c>StudyInstanceUID</c>. Must be a text attribute of the data dictionary.
    /// </summary>
    public string MatchAttribute { get; set; } = DefaultMatchAttribute;

    /// <summary>
    /// The field delimiter, or <see langword="null"/> (the default) to detect it from the header line: whichever of
    /// <c>,</c> <c>;</c> and tab occurs most often outside quotes (<c>,</c> when none does).
    /// </summary>
    public string? Delimiter { get; set; }

    /// <summary>What happens to an image whose key has no row; <see cref="CsvUnmatchedPolicy.HoldBack"/> by default.</summary>
    public CsvUnmatchedPolicy UnmatchedPolicy { get; set; }

    /// <summary>
    /// Clinical columns that are also written as a DICOM attribute: column header to keyword (e.g. <c>Arm</c> to
    /// <c>ClinicalTrialProtocolName</c>). The column stays in the manifest; its values are checked against the attribute's VR.
    /// </summary>
    public IDictionary<string, string> ColumnMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The most columns the header may have (<see cref="DefaultMaxColumns"/> by default). A wider header is refused with a
    /// <see cref="CsvMergeException"/> naming this limit before any row is read, so a hostile file cannot make loading slow.
    /// </summary>
    public int MaxColumns { get; set; } = DefaultMaxColumns;

    /// <summary>Checks the options.</summary>
    /// <exception cref="InvalidOperationException">A key column, match attribute, delimiter or mapping is not usable.</exception>
    internal void ThrowIfInvalid()
    {
        if (string.IsNullOrWhiteSpace(KeyColumn))
        {
            throw new InvalidOperationException("CsvMergeOptions.KeyColumn must name the CSV column that holds the key.");
        }

        if (string.IsNullOrWhiteSpace(MatchAttribute)
            || !CsvAttribute.TryResolve(MatchAttribute.Trim(), out _, out var reason)
            || reason is not null)
        {
            throw new InvalidOperationException(
                $"CsvMergeOptions.MatchAttribute '{MatchAttribute}' must be the keyword of a text attribute of the data dictionary, e.g. PatientID.");
        }

        if (MaxColumns < 1)
        {
            throw new InvalidOperationException("CsvMergeOptions.MaxColumns must be at least 1.");
        }

        if (Delimiter is not null && (Delimiter.Length == 0 || Delimiter.AsSpan().IndexOfAny("\"\r\n") >= 0))
        {
            throw new InvalidOperationException("CsvMergeOptions.Delimiter must be null (detect) or non-empty text without quotes or line breaks.");
        }

        foreach (var (column, keyword) in ColumnMappings)
        {
            if (string.IsNullOrWhiteSpace(column) || string.Equals(column.Trim(), KeyColumn.Trim(), StringComparison.Ordinal))
            {
                throw new InvalidOperationException("CsvMergeOptions.ColumnMappings: a mapped column must be named and must not be the key column.");
            }

            if (string.IsNullOrWhiteSpace(keyword) || !CsvAttribute.TryResolve(keyword.Trim(), out _, out reason))
            {
                throw new InvalidOperationException($"CsvMergeOptions.ColumnMappings: '{keyword}' (for column '{column}') is not a DICOM keyword.");
            }

            if (reason is not null)
            {
                throw new InvalidOperationException($"CsvMergeOptions.ColumnMappings: '{keyword}' (for column '{column}') {reason}.");
            }
        }
    }

    /// <summary>A trimmed copy, so later changes do not affect a table already loaded.</summary>
    internal CsvMergeOptions Snapshot()
    {
        var copy = new CsvMergeOptions
        {
            KeyColumn = KeyColumn.Trim(),
            MatchAttribute = MatchAttribute.Trim(),
            Delimiter = Delimiter,
            UnmatchedPolicy = UnmatchedPolicy,
            MaxColumns = MaxColumns,
        };
        foreach (var (column, keyword) in ColumnMappings)
        {
            copy.ColumnMappings[column.Trim()] = keyword.Trim();
        }

        return copy;
    }
}
