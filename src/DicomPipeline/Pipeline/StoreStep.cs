using System.Collections.Concurrent;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Keeps what the run made: each instance in the output folder, then the manifest, <c>report.json</c> and the audit
/// map, all through the <see cref="IProcessedStore"/>, which owns the output folder. The folders are the run's
/// (<see cref="PipelineRequest.OutputDirectory"/>, <see cref="PipelineRequest.AuditDirectory"/>) or the pipeline's.
/// </summary>
internal sealed class StoreStep(IProcessedStore store, OutputOptions options) : PipelineStep
{
    public const string StepName = "store";

    public override string Name => StepName;

    public override int Order => 3;

    public override ValueTask PrepareAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var outputDirectory = run.Request.OutputDirectory ?? options.Directory;
        if (string.IsNullOrWhiteSpace(outputDirectory))
        {
            throw new PipelineException("No output folder was given.");
        }

        var output = Path.GetFullPath(outputDirectory);
        if (RunPaths.IsInside(output, run.InputDirectory))
        {
            throw new PipelineException($"The output folder '{outputDirectory}' is inside the input folder '{run.Request.InputDirectory}': the pipeline never writes into its input.");
        }

        var auditDirectory = run.Request.AuditDirectory ?? options.AuditDirectory;
        string? audit = null;
        if (auditDirectory is not null)
        {
            audit = Path.GetFullPath(auditDirectory);
            if (RunPaths.Overlaps(audit, output) || RunPaths.IsInside(audit, run.InputDirectory))
            {
                throw new PipelineException($"The audit folder '{auditDirectory}' must be separate from the input and output folders: it holds original identifiers.");
            }
        }

        run.OutputDirectory = output;
        run.AuditDirectory = audit;
        run.ReadsOriginalAfterDeidentification |= audit is not null;
        run.Store = store;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<StepRun?> StartAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var output = run.OutputDirectory!;
        await Wrap(store.InitializeAsync(output, run.Request.Shard?.PartName, cancellationToken)).ConfigureAwait(false);
        return new Part(store, run);
    }

    internal static async Task Wrap(Task storeWork)
    {
        try
        {
            await storeWork.ConfigureAwait(false);
        }
        catch (ProcessedStoreException ex)
        {
            throw new PipelineException(ex.Message, ex);
        }
    }

    private sealed class Part : StepRun
    {
        private readonly IProcessedStore _store;
        private readonly PipelineRun _run;
        private readonly StoredInstanceLog _stored;
        private readonly ConcurrentQueue<AuditEntry>? _audit;
        private readonly StoreStage _stage;

        public Part(IProcessedStore store, PipelineRun run)
        {
            _store = store;
            _run = run;
            _stored = new StoredInstanceLog(run.OutputDirectory!);
            _audit = run.AuditDirectory is null ? null : new ConcurrentQueue<AuditEntry>();
            _stage = new StoreStage(store, run.OutputDirectory!, run.Outcomes, _audit);
        }

        public override IPipelineStage FileStage => _stage;

        public override ValueTask PassedAsync(PipelineItem item, CancellationToken cancellationToken)
        {
            _stored.Add(item.Stored!);
            _run.Outcomes.Store(item.Stored!);
            return ValueTask.CompletedTask;
        }

        public override async Task CompleteAsync(ProcessingReport report, CancellationToken cancellationToken)
        {
            var part = _run.Request.Shard?.PartName;
            var output = _run.OutputDirectory!;
            await Wrap(_store.CompleteAsync(output, _stored, part, cancellationToken)).ConfigureAwait(false);

            // A de-identified output folder may be shared: input file names are often patients' names, so they are
            // numbered there and named only in the audit folder.
            await Wrap(RunRecords.WriteReportAsync(_store, output, report.Anonymized ? RunRecords.WithoutInputPaths(report) : report, part, cancellationToken)).ConfigureAwait(false);
            if (_run.AuditDirectory is { } audit)
            {
                await Wrap(RunRecords.WriteAuditAsync(_store, audit, _audit!, report.NotStored, part, cancellationToken)).ConfigureAwait(false);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync().ConfigureAwait(false);
            _stored.Dispose();
        }
    }
}
