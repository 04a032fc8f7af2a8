using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace DicomPipeline.Csv;

/// <summary>
/// Reads one CSV file's records with CsvHelper's parser and hands them to a <see cref="CsvTableBuilder"/>: the first
/// non-empty record as the header, the others as rows. Knows the file's side of the checks: where each record starts
/// (quoted fields may hold line breaks), misplaced or unclosed quotes, a file without a header.
/// </summary>
internal sealed class CsvFileReader(CsvTableBuilder table, int bufferSize)
{
    /// <summary>The field being read, so a bad-data report from the parser can be placed.</summary>
    private int _currentField;
    private int _badField = -1;
    private bool _badFieldUnclosed;

    public async Task ReadAsync(TextReader reader, string delimiter, CancellationToken cancellationToken)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            DetectDelimiter = false,
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            TrimOptions = TrimOptions.Trim,
            BufferSize = bufferSize,
            BadDataFound = OnBadData,
        };

        using var parser = new CsvParser(reader, configuration, leaveOpen: true);
        var line = 1;
        var fields = new string[16];
        try
        {
            while (await ReadNextAsync(parser).ConfigureAwait(false))
            {
                if ((table.RowCount & 0xFFF) == 0)
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
                    if (!table.HasHeader)
                    {
                        throw table.Error(start, 1, null, "the line is empty, but the first line must be the header row");
                    }

                    continue;
                }

                if (!table.HasHeader)
                {
                    table.ReadHeader(row, start);
                    continue;
                }

                table.AddRow(row, start);
            }
        }
        catch (CsvHelperException)
        {
            // CsvHelper's messages quote the raw record, which may hold identifiers: report the place only.
            throw table.Error(line, _currentField + 1, null, "the CSV could not be parsed (check the quoting)");
        }

        if (_badField >= 0)
        {
            throw BadQuoting(line);
        }

        if (!table.HasHeader)
        {
            throw table.Error(1, 1, null, "the file is empty, but a header row is required");
        }
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
        table.Error(
            line,
            _badField + 1,
            table.ColumnName(_badField),
            _badFieldUnclosed
                ? "a quoted field is not closed: its opening quote has no closing quote before the end of the file"
                : "a quote is misplaced: a field with quotes must be enclosed in them, with inner quotes doubled");
}
