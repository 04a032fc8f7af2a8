using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>Loads a clinical CSV with CsvHelper's parser, checking every row before the table is handed out.</summary>
internal sealed class CsvMerger : ICsvMerger
{
    private const int BufferSize = 1 << 16;

    /// <summary>UTF-8 (a byte order mark is detected and skipped); invalid bytes become U+FFFD, which the checks reject by position.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <inheritdoc/>
    public async Task<CsvLookupTable> LoadAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var settings = options.Snapshot();
        cancellationToken.ThrowIfCancellationRequested();

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var delimiter = settings.Delimiter ?? await DetectDelimiterAsync(stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
            return await new CsvLoad(path, settings).ReadAsync(reader, delimiter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whichever of , ; and tab occurs most often outside quotes in the header line; a comma when none does.</summary>
    internal static string DetectDelimiter(string? headerLine)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in headerLine ?? string.Empty)
        {
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case ',' when !quoted: commas++; break;
                case ';' when !quoted: semicolons++; break;
                case '\t' when !quoted: tabs++; break;
                default: break;
            }
        }

        return tabs > commas && tabs > semicolons ? "\t" : semicolons > commas ? ";" : ",";
    }

    private static async Task<string> DetectDelimiterAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        return DetectDelimiter(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The state of one load: the header's layout, the cells so far, and where the parser is.</summary>
    private sealed class CsvLoad(string path, CsvMergeOptions options)
    {
        /// <summary>Distinct values a column may have and still be shared (arms, sites, sexes); beyond, values are kept as read.</summary>
        private const int SharedValuesPerColumn = 256;

        private readonly List<string> _cells = [];
        private readonly List<int> _lines = [];
        private readonly Dictionary<string, int> _rowsByKey = new(StringComparer.Ordinal);

        private string[] _header = [];
        private int _keyIndex;
        private CsvAttribute?[] _attributes = [];
        private Dictionary<string, string>?[] _shared = [];

        /// <summary>The field being read, so a bad-data report from the parser can be placed.</summary>
        private int _currentField;
        private int _badField = -1;
        private bool _badFieldUnclosed;

        public async Task<CsvLookupTable> ReadAsync(TextReader reader, string delimiter, CancellationToken cancellationToken)
        {
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter,
                DetectDelimiter = false,
                HasHeaderRecord = false,
                IgnoreBlankLines = false,
                TrimOptions = TrimOptions.Trim,
                BufferSize = BufferSize,
                BadDataFound = OnBadData,
            };

            using var parser = new CsvParser(reader, configuration, leaveOpen: true);
            var line = 1;
            var fields = new string[16];
            var headerRead = false;
            try
            {
                while (await ReadNextAsync(parser).ConfigureAwait(false))
                {
                    if ((_lines.Count & 0xFFF) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var count = parser.Count;
                    if (fields.Length < count)
                    {
                        fields = new string[count * 2];
                    }

                    var start = line;
                    for (var i = 0; i < count; i++)
                    {
                        _currentField = i;
                        fields[i] = parser[i];
                        if (_badField >= 0)
                        {
                            throw BadQuoting(start);
                        }

                        line += LineBreaks(fields[i]);
                    }

                    line++;
                    var row = fields.AsSpan(0, count);
                    if (count == 1 && row[0].Length == 0)
                    {
                        if (!headerRead)
                        {
                            throw Error(start, 1, null, "the line is empty, but the first line must be the header row");
                        }

                        continue;
                    }

                    if (!headerRead)
                    {
                        ReadHeader(row, start);
                        headerRead = true;
                        continue;
                    }

                    AddRow(row, start);
                }
            }
            catch (CsvHelperException)
            {
                // CsvHelper's messages quote the raw record, which may hold identifiers: report the place only.
                throw Error(line, _currentField + 1, null, "the CSV could not be parsed (check the quoting)");
            }

            if (_badField >= 0)
            {
                throw BadQuoting(line);
            }

            if (!headerRead)
            {
                throw Error(1, 1, null, "the file is empty, but a header row is required");
            }

            return Build();
        }

        private Task<bool> ReadNextAsync(CsvParser parser)
        {
            // A problem found while reading, before any field is asked for, is placed at the row's first field.
            _currentField = 0;
            return parser.ReadAsync();
        }

        private static int LineBreaks(string field)
        {
            var text = field.AsSpan();
            if (text.IndexOfAny('\r', '\n') < 0)
            {
                return 0;
            }

            var breaks = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                {
                    breaks++;
                }
            }

            return breaks;
        }

        private void OnBadData(BadDataFoundArgs args)
        {
            if (_badField < 0)
            {
                _badField = _currentField;
                var field = args.Field.AsSpan().TrimStart(' ');
                _badFieldUnclosed = field.StartsWith('"') && field.Count('"') % 2 == 1;
            }
        }

        private CsvMergeException BadQuoting(int line) =>
            Error(
                line,
                _badField + 1,
                ColumnName(_badField),
                _badFieldUnclosed
                    ? "a quoted field is not closed: its opening quote has no closing quote before the end of the file"
                    : "a quote is misplaced: a field with quotes must be enclosed in them, with inner quotes doubled");

        private void ReadHeader(ReadOnlySpan<string> fields, int line)
        {
            // Checked before anything is looked up, so the cost of a hostile header is one pass over it.
            if (fields.Length > options.MaxColumns)
            {
                throw Error(line, options.MaxColumns + 1, null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"the header has {fields.Length} columns, more than the limit of {options.MaxColumns} (CsvMergeOptions.MaxColumns)"));
            }

            var names = new string[fields.Length];
            var positions = new Dictionary<string, int>(fields.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = fields[i].Trim();
                positions.TryAdd(names[i], i);
            }

            // The key column first: without it the first line may be data rather than a header, so name nothing from it.
            if (!positions.TryGetValue(options.KeyColumn, out _keyIndex))
            {
                throw Error(line, 1, null, $"the header row has no key column '{options.KeyColumn}'");
            }

            _header = names;
            _attributes = new CsvAttribute?[names.Length];
            _shared = new Dictionary<string, string>?[names.Length];
            var setBy = new Dictionary<DicomTag, int>();
            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i];
                if (name.Length == 0)
                {
                    throw Error(line, i + 1, null, "the column has no header");
                }

                var first = positions[name];
                if (first < i)
                {
                    throw Error(line, i + 1, name, string.Create(CultureInfo.InvariantCulture, $"the header repeats column {first + 1}"));
                }

                if (i == _keyIndex)
                {
                    continue;
                }

                _shared[i] = new Dictionary<string, string>(StringComparer.Ordinal);
                var attribute = ResolveColumn(name, line, i);
                if (attribute is not null)
                {
                    if (setBy.TryGetValue(attribute.Tag, out var other))
                    {
                        throw Error(line, i + 1, name, string.Create(
                            CultureInfo.InvariantCulture, $"the column sets {attribute.Keyword}, which column {other + 1} sets too"));
                    }

                    setBy[attribute.Tag] = i;
                    _attributes[i] = attribute;
                }
            }

            foreach (var mapped in options.ColumnMappings.Keys)
            {
                if (!positions.ContainsKey(mapped))
                {
                    throw Error(line, 1, null, $"the header row has no column '{mapped}', which ColumnMappings names");
                }
            }
        }

        /// <summary>The attribute a column sets (a keyword header or a mapped clinical column), or null for a clinical column.</summary>
        private CsvAttribute? ResolveColumn(string name, int line, int index)
        {
            if (CsvAttribute.TryResolve(name, out var attribute, out var reason))
            {
                if (reason is not null)
                {
                    throw Error(line, index + 1, name, "the column " + reason);
                }

                if (options.ColumnMappings.ContainsKey(name))
                {
                    throw Error(line, index + 1, name, "the column is a DICOM keyword itself, so ColumnMappings cannot map it");
                }

                return attribute;
            }

            var keyword = CsvAttribute.KeywordDifferingInCase(name);
            if (keyword is not null)
            {
                throw Error(line, index + 1, name, $"the header differs from the DICOM keyword '{keyword}' only in case; spell it as the keyword, or rename it");
            }

            if (options.ColumnMappings.TryGetValue(name, out var target))
            {
                // Checked by CsvMergeOptions: a writable text attribute.
                CsvAttribute.TryResolve(target, out attribute, out _);
                return attribute;
            }

            return null;
        }

        private void AddRow(ReadOnlySpan<string> fields, int line)
        {
            if (fields.Length != _header.Length)
            {
                var column = Math.Min(fields.Length, _header.Length) + 1;
                throw Error(
                    line,
                    column,
                    ColumnName(column - 1),
                    string.Create(CultureInfo.InvariantCulture, $"the row has {fields.Length} fields, but the header has {_header.Length}"));
            }

            for (var i = 0; i < fields.Length; i++)
            {
                var value = fields[i];
                if (value.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    throw Error(line, i + 1, _header[i], "the value is not valid UTF-8 text (save the file as UTF-8)");
                }

                var attribute = _attributes[i];
                if (attribute is not null && value.Length > 0)
                {
                    var reason = CsvValueRules.Check(value, attribute);
                    if (reason is not null)
                    {
                        throw Error(line, i + 1, _header[i], $"the value does not fit {attribute.Keyword}: it {reason}");
                    }
                }
            }

            var key = fields[_keyIndex].Trim(' ');
            if (key.Length == 0)
            {
                throw Error(line, _keyIndex + 1, _header[_keyIndex], "the key is empty");
            }

            if (!_rowsByKey.TryAdd(key, _lines.Count))
            {
                var first = _lines[_rowsByKey[key]];
                throw Error(line, _keyIndex + 1, _header[_keyIndex], string.Create(
                    CultureInfo.InvariantCulture, $"duplicate key: line {line} has the same key as line {first}"));
            }

            _lines.Add(line);
            for (var i = 0; i < fields.Length; i++)
            {
                _cells.Add(i == _keyIndex ? key : Share(i, fields[i]));
            }
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

        private CsvLookupTable Build()
        {
            var written = new List<CsvWrittenColumn>();
            var clinical = new List<int>();
            for (var i = 0; i < _header.Length; i++)
            {
                if (i == _keyIndex)
                {
                    continue;
                }

                var attribute = _attributes[i];
                if (attribute is not null)
                {
                    written.Add(new CsvWrittenColumn(i, _header[i], attribute));
                }

                if (attribute is null || options.ColumnMappings.ContainsKey(_header[i]))
                {
                    clinical.Add(i);
                }
            }

            CsvAttribute.TryResolve(options.MatchAttribute, out var match, out _);
            _shared = [];
            return new CsvLookupTable(path, options, match!.Tag, _header, _cells, _lines, _rowsByKey, [.. written], [.. clinical]);
        }

        private string? ColumnName(int index) => index >= 0 && index < _header.Length ? _header[index] : null;

        private CsvMergeException Error(int line, int column, string? columnName, string reason) =>
            new(reason, path, line, column, columnName);
    }
}
