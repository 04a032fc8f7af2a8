using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>
/// The header row, checked: the column names, where the key is, and the attribute each column writes (a DICOM-keyword
/// column or a mapped clinical column), or none for a clinical column.
/// </summary>
internal sealed class CsvHeader
{
    private CsvHeader(string[] names, int keyIndex, CsvAttribute?[] attributes)
    {
        Names = names;
        KeyIndex = keyIndex;
        Attributes = attributes;
    }

    public string[] Names { get; }

    public int KeyIndex { get; }

    /// <summary>The attribute each column writes, by position; null for the key and the clinical columns.</summary>
    public CsvAttribute?[] Attributes { get; }

    /// <summary>Checks the header row: width, the key column, empty and repeated names, keyword columns and mappings.</summary>
    public static CsvHeader Read(ReadOnlySpan<string> fields, int line, CsvMergeOptions options, CsvTableBuilder errors)
    {
        // Checked before anything is looked up, so the cost of a hostile header is one pass over it.
        if (fields.Length > options.MaxColumns)
        {
            throw errors.Error(line, options.MaxColumns + 1, null, string.Create(
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
        if (!positions.TryGetValue(options.KeyColumn, out var keyIndex))
        {
            throw errors.Error(line, 1, null, $"the header row has no key column '{options.KeyColumn}'");
        }

        var attributes = new CsvAttribute?[names.Length];
        var setBy = new Dictionary<DicomTag, int>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name.Length == 0)
            {
                throw errors.Error(line, i + 1, null, "the column has no header");
            }

            var first = positions[name];
            if (first < i)
            {
                throw errors.Error(line, i + 1, name, string.Create(CultureInfo.InvariantCulture, $"the header repeats column {first + 1}"));
            }

            if (i == keyIndex)
            {
                continue;
            }

            var attribute = ResolveColumn(name, line, i, options, errors);
            if (attribute is not null)
            {
                if (setBy.TryGetValue(attribute.Tag, out var other))
                {
                    throw errors.Error(line, i + 1, name, string.Create(
                        CultureInfo.InvariantCulture, $"the column sets {attribute.Keyword}, which column {other + 1} sets too"));
                }

                setBy[attribute.Tag] = i;
                attributes[i] = attribute;
            }
        }

        foreach (var mapped in options.ColumnMappings.Keys)
        {
            if (!positions.ContainsKey(mapped))
            {
                throw errors.Error(line, 1, null, $"the header row has no column '{mapped}', which ColumnMappings names");
            }
        }

        return new CsvHeader(names, keyIndex, attributes);
    }

    /// <summary>The attribute a column sets (a keyword header or a mapped clinical column), or null for a clinical column.</summary>
    private static CsvAttribute? ResolveColumn(string name, int line, int index, CsvMergeOptions options, CsvTableBuilder errors)
    {
        if (CsvAttribute.TryResolve(name, out var attribute, out var reason))
        {
            if (reason is not null)
            {
                throw errors.Error(line, index + 1, name, "the column " + reason);
            }

            if (options.ColumnMappings.ContainsKey(name))
            {
                throw errors.Error(line, index + 1, name, "the column is a DICOM keyword itself, so ColumnMappings cannot map it");
            }

            return attribute;
        }

        var keyword = CsvAttribute.KeywordDifferingInCase(name);
        if (keyword is not null)
        {
            throw errors.Error(line, index + 1, name, $"the header differs from the DICOM keyword '{keyword}' only in case; spell it as the keyword, or rename it");
        }

        if (options.ColumnMappings.TryGetValue(name, out var target))
        {
            // Checked by CsvMergeOptions: a writable text attribute.
            CsvAttribute.TryResolve(target, out attribute, out _);
            return attribute;
        }

        return null;
    }
}
