using DicomPipeline.Csv;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Joins the clinical CSV: finds the row of the original instance, writes its DICOM-keyword columns into the instance
/// to be stored and keeps its clinical columns for the manifest. An instance without a row is held back or passed on
/// as the CSV's policy says.
/// </summary>
internal sealed class CsvMergeStage(CsvLookupTable table, RunOutcomes outcomes) : IPipelineStage
{
    public string Name => "csv";

    public ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        if (!table.TryGetRow(item.Original.Dataset, out var row))
        {
            if (table.UnmatchedPolicy == CsvUnmatchedPolicy.HoldBack)
            {
                outcomes.HoldBack(item.Path, $"no row in the clinical CSV matches this instance's {table.MatchAttribute}");
                return ValueTask.FromResult(false);
            }

            return ValueTask.FromResult(true);
        }

        table.MarkMatched(row);
        try
        {
            table.Apply(row, item.File.Dataset);
        }
        catch (CsvMergeException ex)
        {
            outcomes.Fail(item.Path, ex.Message);
            return ValueTask.FromResult(false);
        }

        item.ClinicalColumns = table.GetClinicalValues(row);
        return ValueTask.FromResult(true);
    }
}
