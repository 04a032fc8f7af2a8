using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>Writes a row's written columns into a dataset: all of them, or none when one cannot be encoded.</summary>
internal static class CsvDatasetWriter
{
    /// <summary>
    /// Checks every non-empty value against the dataset's Specific Character Set first, then sets them with the
    /// attribute's VR; empty cells leave the attribute as it is.
    /// </summary>
    /// <exception cref="CsvMergeException">A value cannot be encoded; nothing was written.</exception>
    public static void Write(CsvWrittenColumn[] columns, ReadOnlySpan<string> cells, DicomDataset dataset, string sourcePath, int line)
    {
        foreach (var column in columns)
        {
            var value = cells[column.Index];
            if (value.Length > 0 && column.Attribute.VR.UsesSpecificCharacterSet
                && !dataset.CharacterSet.TryEncode(value, column.Attribute.VR, out _))
            {
                throw new CsvMergeException(
                    $"the value cannot be encoded in the instance's Specific Character Set ({dataset.CharacterSet})",
                    sourcePath,
                    line,
                    column.Index + 1,
                    column.Header);
            }
        }

        foreach (var column in columns)
        {
            var value = cells[column.Index];
            if (value.Length > 0)
            {
                dataset.SetString(column.Attribute.Tag, value, column.Attribute.VR);
            }
        }
    }
}
