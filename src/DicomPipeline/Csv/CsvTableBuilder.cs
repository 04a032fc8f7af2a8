using System.Globalization;

namespace DicomPipeline.Csv;

/// <summary>
/// Checks the rows of one table as they come (field count, text, key present and unique, each keyword column's value
/// against its attribute) and keeps their cells flat, sharing repeated values; then builds the <see cref="CsvTableData"/>.
/// The rows may come from a file (<see cref="CsvFileReader"/>) or from memory (<see cref="FromRows"/>).
/// </summary>
internal sealed class CsvTableBuilder(string path, CsvMergeOptions options)
{
    /// <summary>Distinct values a column may have and still be shared (arms, sites, sexes); beyond, values are kept as read.</summary>
    private const int SharedValuesPerColumn = 256;

    private readonly List<string> _cells = [];
    private readonly List<int> _lines = [];
    private readonly Dictionary<string, int> _rowsByKey = new(StringComparer.Ordinal);

    private CsvHeader? _header;
    private Dictionary<string, string>?[] _shared = [];

    public bool HasHeader => _header is not null;

    /// <summary>The rows added so far.</summary>
    public int RowCount => _lines.Count;

    /// <summary>
    /// Checks rows held in memory as a file's would be: the header is line 1 and row i (from 0) line i + 2; fields are
    /// trimmed as the file reader trims them, and a null field is empty.
    /// </summary>
    public static CsvTableData FromRows(string path, CsvMergeOptions options, IReadOnlyList<string?> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var builder = new CsvTableBuilder(path, options);
        var fields = new string[Math.Max(header.Count, 16)];
        builder.ReadHeader(Trimmed(header, ref fields), line: 1);
        var line = 2;
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            builder.AddRow(Trimmed(row, ref fields), line++);
        }

        return builder.Build();
    }

    public void ReadHeader(ReadOnlySpan<string> fields, int line)
    {
        _header = CsvHeader.Read(fields, line, options, this);
        _shared = new Dictionary<string, string>?[fields.Length];
        for (var i = 0; i < _shared.Length; i++)
        {
            _shared[i] = i == _header.KeyIndex ? null : new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public void AddRow(ReadOnlySpan<string> fields, int line)
    {
        var header = _header!;
        var names = header.Names;
        if (fields.Length != names.Length)
        {
            var column = Math.Min(fields.Length, names.Length) + 1;
            throw Error(
                line,
                column,
                ColumnName(column - 1),
                string.Create(CultureInfo.InvariantCulture, $"the row has {fields.Length} fields, but the header has {names.Length}"));
        }

        for (var i = 0; i < fields.Length; i++)
        {
            var value = fields[i];
            if (value.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw Error(line, i + 1, names[i], "the value is not valid UTF-8 text (save the file as UTF-8)");
            }

            var attribute = header.Attributes[i];
            if (attribute is not null && value.Length > 0)
            {
                var reason = CsvValueRules.Check(value, attribute);
                if (reason is not null)
                {
                    throw Error(line, i + 1, names[i], $"the value does not fit {attribute.Keyword}: it {reason}");
                }
            }
        }

        var keyIndex = header.KeyIndex;
        var key = fields[keyIndex].Trim(' ');
        if (key.Length == 0)
        {
            throw Error(line, keyIndex + 1, names[keyIndex], "the key is empty");
        }

        if (!_rowsByKey.TryAdd(key, _lines.Count))
        {
            var first = _lines[_rowsByKey[key]];
            throw Error(line, keyIndex + 1, names[keyIndex], string.Create(
                CultureInfo.InvariantCulture, $"duplicate key: line {line} has the same key as line {first}"));
        }

        _lines.Add(line);
        for (var i = 0; i < fields.Length; i++)
        {
            _cells.Add(i == keyIndex ? key : Share(i, fields[i]));
        }
    }

    public CsvTableData Build()
    {
        var header = _header!;
        var written = new List<CsvWrittenColumn>();
        var clinical = new List<int>();
        for (var i = 0; i < header.Names.Length; i++)
        {
            if (i == header.KeyIndex)
            {
                continue;
            }

            var attribute = header.Attributes[i];
            if (attribute is not null)
            {
                written.Add(new CsvWrittenColumn(i, header.Names[i], attribute));
            }

            if (attribute is null || options.ColumnMappings.ContainsKey(header.Names[i]))
            {
                clinical.Add(i);
            }
        }

        CsvAttribute.TryResolve(options.MatchAttribute, out var match, out _);
        _shared = [];
        return new CsvTableData(path, options, match!.Tag, header.Names, _cells, _lines, _rowsByKey, [.. written], [.. clinical]);
    }

    /// <summary>The header of a column, or null when there is no such column (or no header yet).</summary>
    public string? ColumnName(int index) =>
        _header is { } header && index >= 0 && index < header.Names.Length ? header.Names[index] : null;

    public CsvMergeException Error(int line, int column, string? columnName, string reason) =>
        new(reason, path, line, column, columnName);

    private static ReadOnlySpan<string> Trimmed(IReadOnlyList<string?> row, ref string[] fields)
    {
        if (fields.Length < row.Count)
        {
            fields = new string[row.Count * 2];
        }

        for (var i = 0; i < row.Count; i++)
        {
            fields[i] = row[i]?.Trim() ?? string.Empty;
        }

        return fields.AsSpan(0, row.Count);
    }

    /// <summary>Returns an equal value already kept for the column, so repeated values are stored once.</summary>
    private string Share(int column, string value)
    {
        var shared = _shared[column];
        if (shared is null || value.Length == 0)
        {
            return value;
        }

        if (shared.TryGetValue(value, out var kept))
        {
            return kept;
        }

        if (shared.Count < SharedValuesPerColumn)
        {
            shared.Add(value, value);
        }
        else
        {
            // Mostly distinct values (identifiers, dates): stop looking them up.
            _shared[column] = null;
        }

        return value;
    }
}
