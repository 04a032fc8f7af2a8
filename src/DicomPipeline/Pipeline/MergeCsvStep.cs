using DicomPipeline.Csv;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Joins a clinical CSV: the run's (<see cref="PipelineRequest.CsvPath"/>) or the pipeline's. The whole CSV is read and
/// checked while the run prepares, before anything is written, and its patients' identities are left for the
/// de-identify step, so the CSV's pseudonyms are used at every level of the file.
/// </summary>
internal sealed class MergeCsvStep(ICsvLookupTableLoader tables, string? path, CsvMergeOptions? options) : PipelineStep
{
    public override string Name => "csv";

    public override int Order => 2;

    public override async ValueTask PrepareAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var csvPath = run.Request.CsvPath ?? path;
        if (csvPath is null)
        {
            return;
        }

        var table = await tables.LoadAsync(csvPath, run.Request.Csv ?? options ?? new CsvMergeOptions(), cancellationToken).ConfigureAwait(false);
        run.CsvIdentities = CsvPatientIdentityProvider.For(table);
        run.ReadsOriginalAfterDeidentification = true;
        run.SetPart(this, table);
    }

    public override ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken) =>
        ValueTask.FromResult<StepRun?>(run.GetPart<CsvLookupTable>(this) is { } table ? new Part(new CsvMergeStage(table, run.Outcomes), table) : null);

    private sealed class Part(CsvMergeStage stage, CsvLookupTable table) : StepRun
    {
        public override IPipelineStage FileStage => stage;

        public override ProcessingReport AddToReport(ProcessingReport report) => report with { CsvLinesWithoutImages = table.UnmatchedRowLines };
    }
}
