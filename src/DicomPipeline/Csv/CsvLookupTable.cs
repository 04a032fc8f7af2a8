using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>
/// A clinical CSV, checked: one row per original key. Finds the row of an original instance, writes the row's
/// DICOM-keyword columns into the processed instance and gives its clinical columns for the manifest. Lookups and
/// <see cref="MarkMatched"/> are thread-safe. <see cref="ICsvLookupTableLoader.LoadAsync"/> reads one from a file; the
/// constructor makes one from rows already in memory, with the same checks.
/// </summary>
/// <remarks>
/// Cells are kept as one flat array of strings (repeated values such as an arm or a site shared), with a dictionary from
/// key to row, so a table of a million rows takes a few hundred bytes a row.
/// </remarks>
public sealed class CsvLookupTable
{
    private readonly List<string> _cells;
    private readonly int _columnCount;
    private readonly List<int> _lines;
    private readonly Dictionary<string, int> _rowsByKey;
    private readonly bool[] _matched;
    private readonly DicomTag _matchTag;
    private readonly CsvWrittenColumn[] _writtenColumns;
    private readonly int[] _clinicalIndexes;
    private readonly Dictionary<string, int> _clinicalPositions;

    /// <summary>
    /// Makes a table from rows already in memory (a database query, a sheet read by other means), checked as a CSV file's
    /// rows are by <see cref="ICsvLookupTableLoader.LoadAsync"/>: the header is line 1 and the row at position i is line
    /// i + 2 in error messages. Fields are trimmed; a null field is empty.
    /// </summary>
    /// <param name="sourcePath">Where the rows come from, for <see cref="SourcePath"/> and error messages (a file, a query's name).</param>
    /// <param name="options">The key column, the attribute it matches and the column mappings (the delimiter is not used).</param>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The rows, each with as many fields as the header.</param>
    /// <exception cref="ArgumentNullException">An argument or a row is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourcePath"/> is empty.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="options"/> are not valid.</exception>
    /// <exception cref="CsvMergeException">The rows cannot be used; the message names the line and column.</exception>
    public CsvLookupTable(string sourcePath, CsvMergeOptions options, IReadOnlyList<string?> header, IEnumerable<IReadOnlyList<string?>> rows)
        : this(Check(sourcePath, options, header, rows))
    {
    }

    internal CsvLookupTable(CsvTableData data)
    {
        SourcePath = data.SourcePath;
        MatchAttribute = data.Options.MatchAttribute;
        UnmatchedPolicy = data.Options.UnmatchedPolicy;
        _matchTag = data.MatchTag;
        _columnCount = data.Header.Length;
        _cells = data.Cells;
        _lines = data.Lines;
        _rowsByKey = data.RowsByKey;
        _matched = new bool[data.Lines.Count];
        _writtenColumns = data.WrittenColumns;
        _clinicalIndexes = data.ClinicalIndexes;
        var names = new string[_clinicalIndexes.Length];
        _clinicalPositions = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = data.Header[_clinicalIndexes[i]];
            _clinicalPositions[names[i]] = i;
        }

        ClinicalColumnNames = Array.AsReadOnly(names);
    }

    /// <summary>The CSV file the table was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>The keyword of the attribute of the original instance that is compared with the key.</summary>
    public string MatchAttribute { get; }

    /// <summary>What happens to an image whose key has no row.</summary>
    public CsvUnmatchedPolicy UnmatchedPolicy { get; }

    /// <summary>The number of rows (the header not counted).</summary>
    public int RowCount => _lines.Count;

    /// <summary>
    /// The headers of the clinical columns, in file order: every column but the key and the DICOM-keyword columns
    /// (mapped clinical columns included). The manifest carries these beside each instance.
    /// </summary>
    public IReadOnlyList<string> ClinicalColumnNames { get; }

    /// <summary>
    /// The lines of the rows no instance has been matched to (through <see cref="MarkMatched"/>) so far, in file order;
    /// a snapshot, complete once every instance has been looked up.
    /// </summary>
    public IReadOnlyList<int> UnmatchedRowLines
    {
        get
        {
            var lines = new List<int>();
            for (var i = 0; i < _matched.Length; i++)
            {
                if (!Volatile.Read(ref _matched[i]))
                {
                    lines.Add(_lines[i]);
                }
            }

            return lines;
        }
    }

    /// <summary>
    /// Finds the row whose key equals <see cref="MatchAttribute"/> of <paramref name="original"/> (the instance as read,
    /// before de-identification), compared ordinally without surrounding spaces. Does not mark the row as matched.
    /// </summary>
    /// <param name="original">The original instance's dataset.</param>
    /// <param name="row">The row, when there is one.</param>
    /// <returns>Whether the instance has a row; false when it lacks the attribute or the attribute is empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="original"/> is null.</exception>
    public bool TryGetRow(DicomDataset original, [NotNullWhen(true)] out CsvRow? row)
    {
        ArgumentNullException.ThrowIfNull(original);
        return TryGetRowByKey(original.GetString(_matchTag)?.Trim(), out row);
    }

    /// <summary>Records that an instance was matched to <paramref name="row"/>, so it is not listed in <see cref="UnmatchedRowLines"/>.</summary>
    /// <param name="row">A row of this table.</param>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="row"/> belongs to another table.</exception>
    public void MarkMatched(CsvRow row)
    {
        ThrowIfForeign(row);
        Volatile.Write(ref _matched[row.Index], true);
    }

    /// <summary>
    /// Writes the row's DICOM-keyword columns (and mapped clinical columns) into <paramref name="dataset"/>, with the
    /// attribute's VR from the data dictionary, replacing what is there: after de-identification this overrides the
    /// pseudonyms; without it, the original values. Empty cells leave the attribute as it is. Either every value is
    /// written or, when one cannot be, none is.
    /// </summary>
    /// <param name="row">A row of this table.</param>
    /// <param name="dataset">The dataset to write into, usually the de-identified one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> or <paramref name="dataset"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="row"/> belongs to another table.</exception>
    /// <exception cref="CsvMergeException">
    /// A value cannot be encoded in the dataset's Specific Character Set (0008,0005); nothing was written.
    /// </exception>
    public void Apply(CsvRow row, DicomDataset dataset)
    {
        ThrowIfForeign(row);
        ArgumentNullException.ThrowIfNull(dataset);
        var cells = CollectionsMarshal.AsSpan(_cells).Slice(row.Index * _columnCount, _columnCount);
        CsvDatasetWriter.Write(_writtenColumns, cells, dataset, SourcePath, row.Line);
    }

    /// <summary>
    /// The row's clinical columns, header to value, in the order of <see cref="ClinicalColumnNames"/> (empty cells as
    /// empty strings). Values are as in the file; the manifest writer defuses spreadsheet formulas when it writes them.
    /// </summary>
    /// <param name="row">A row of this table.</param>
    /// <returns>A read-only view of the row's clinical values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="row"/> belongs to another table.</exception>
    public IReadOnlyDictionary<string, string> GetClinicalValues(CsvRow row)
    {
        ThrowIfForeign(row);
        return new CsvClinicalValues(this, row.Index);
    }

    /// <summary>
    /// The CSV's Patient ID and Patient's Name for an original Patient ID, when the table is matched on PatientID and
    /// its row has a Patient ID; for a row without a name, the ID serves as both. Does not mark the row matched.
    /// </summary>
    internal bool TryGetPatientIdentity(string originalPatientId, [NotNullWhen(true)] out string? patientId, [NotNullWhen(true)] out string? patientName)
    {
        patientId = patientName = null;
        var idColumn = WrittenColumnFor(DicomTag.PatientID);
        if (!IsMatchedOnPatientId || idColumn < 0 || !TryGetRowByKey(originalPatientId.Trim(), out var row))
        {
            return false;
        }

        var id = Cell(row.Index, idColumn);
        if (id.Length == 0)
        {
            return false;
        }

        var nameColumn = WrittenColumnFor(DicomTag.PatientName);
        var name = nameColumn < 0 ? string.Empty : Cell(row.Index, nameColumn);
        (patientId, patientName) = (id, name.Length > 0 ? name : id);
        return true;
    }

    /// <summary>Whether rows are found by the original Patient ID, so the table can say who each original patient is.</summary>
    internal bool IsMatchedOnPatientId => string.Equals(MatchAttribute, "PatientID", StringComparison.Ordinal);

    /// <summary>Finds the row for a key (already trimmed).</summary>
    internal bool TryGetRowByKey(string? key, [NotNullWhen(true)] out CsvRow? row)
    {
        if (!string.IsNullOrEmpty(key) && _rowsByKey.TryGetValue(key, out var index))
        {
            row = new CsvRow(this, index, _lines[index]);
            return true;
        }

        row = null;
        return false;
    }

    /// <summary>The cell of a row at a 0-based column position.</summary>
    internal string Cell(int rowIndex, int columnIndex) => _cells[(rowIndex * _columnCount) + columnIndex];

    /// <summary>The value of the <paramref name="position"/>-th clinical column of a row.</summary>
    internal string ClinicalCell(int rowIndex, int position) => Cell(rowIndex, _clinicalIndexes[position]);

    /// <summary>The position of a clinical column among <see cref="ClinicalColumnNames"/>.</summary>
    internal bool TryGetClinicalPosition(string header, out int position) => _clinicalPositions.TryGetValue(header, out position);

    private static CsvTableData Check(string sourcePath, CsvMergeOptions options, IReadOnlyList<string?> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        options.ThrowIfInvalid();
        return CsvTableBuilder.FromRows(sourcePath, options.Snapshot(), header, rows);
    }

    private int WrittenColumnFor(DicomTag tag) =>
        Array.Find(_writtenColumns, c => c.Attribute.Tag == tag)?.Index ?? -1;

    private void ThrowIfForeign(CsvRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!ReferenceEquals(row.Table, this))
        {
            throw new ArgumentException("The row belongs to another CSV lookup table.", nameof(row));
        }
    }
}
