using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DicomPipeline.Csv;
using DicomPipeline.Diagnostics;
using DicomPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Composes the steps it is given, knowing none by name, and owns the run: the order, the progress, cancellation and
/// the result. Every step prepares (a bad CSV or folder stops the run before anything is written), then starts its
/// part; the source step hands items to the workers (one per core by default), which take each through the parts'
/// file stages in order and hand what passed to every part (the store records it, the send step queues it). Parts
/// that work beside the workers (sending) are awaited with them. When any fails, the run is cancelled, every part is
/// awaited and the failure is reported in one line. Then each part writes its section of the report, and the store
/// keeps it.
/// </summary>
/// <remarks>The runner keeps nothing between runs: one pipeline serves many runs, at once or one after another.</remarks>
internal sealed partial class DicomPipelineRunner : IDicomPipeline
{
    private readonly IReadOnlyList<PipelineStep> _steps;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _parallelism;

    /// <param name="steps">The steps, checked and in order (<see cref="PipelineSteps.Check"/>).</param>
    /// <param name="parallelism">Workers; one per core when 0.</param>
    /// <param name="timeProvider">The clock of the report's times.</param>
    /// <param name="logger">Counts and reasons only.</param>
    public DicomPipelineRunner(IReadOnlyList<PipelineStep> steps, int parallelism, TimeProvider? timeProvider = null, ILogger<DicomPipelineRunner>? logger = null)
    {
        _steps = steps;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DicomPipelineRunner>.Instance;
        TableWarmUp.Start();
    }

    /// <summary>The steps, in order.</summary>
    internal IReadOnlyList<PipelineStep> Steps => _steps;

    /// <inheritdoc/>
    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = CheckRequest(request);
        var started = _timeProvider.GetTimestamp();
        var startedAt = _timeProvider.GetUtcNow();

        // Counts and switches only: no path, name or identifier goes into a tag.
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Run");
        activity?.SetTag("dicompipeline.workers", _parallelism);
        var outcomes = new RunOutcomes(input);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new PipelineRun(request, input, outcomes, progress, _logger, stop.Token);
        foreach (var step in _steps)
        {
            await step.PrepareAsync(run, cancellationToken).ConfigureAwait(false);
        }

        // Only a step can say it takes part; a run that insists on what no step does is refused here.
        if (request.Anonymize == true && !run.Deidentifies)
        {
            throw new PipelineException("This run asks to de-identify, but the pipeline has no de-identify step: add one (Anonymize) when building it.");
        }

        var parts = new List<(string Name, StepRun Part)>(_steps.Count);
        try
        {
            foreach (var step in _steps)
            {
                if (await step.StartAsync(run, cancellationToken).ConfigureAwait(false) is { } part)
                {
                    parts.Add((step.Name, part));
                }
            }

            activity?.SetTag("dicompipeline.anonymize", run.Deidentifies);
            activity?.SetTag("dicompipeline.steps", string.Join(' ', parts.Select(p => p.Name)));
            if (run.Deidentifies)
            {
                LogStarted(_logger, _parallelism);
            }
            else
            {
                LogNotDeidentifying(_logger, _parallelism);
            }

            await RunPartsAsync(parts, run, stop, activity, cancellationToken).ConfigureAwait(false);

            // The loader and the workers report from several threads, so the last report to arrive may be an older one;
            // this one, after every part has finished, is the run's final count.
            run.ReportProgress();
            var report = new ProcessingReport
            {
                StartedAt = startedAt,
                FinishedAt = _timeProvider.GetUtcNow(),
                FilesFound = outcomes.Found,
                Stored = outcomes.StoredCount,
                Skipped = outcomes.Skipped,
                NotDicom = outcomes.NotDicom,
                NotAnInstance = outcomes.NotAnInstance,
                HeldBack = outcomes.HeldBack,
                Quarantined = outcomes.Quarantined,
                Failed = outcomes.Failed,
                NotStored = [.. outcomes.NotStored.OrderBy(f => f.Path, StringComparer.Ordinal)],
            };
            foreach (var (_, part) in parts)
            {
                report = part.AddToReport(report);
            }

            foreach (var (_, part) in parts)
            {
                await part.CompleteAsync(report, cancellationToken).ConfigureAwait(false);
            }

            activity?.SetTag("dicompipeline.files.read", report.FilesFound);
            activity?.SetTag("dicompipeline.files.stored", report.Stored);
            activity?.SetTag("dicompipeline.files.not_stored", report.NotStored.Count);
            var elapsed = _timeProvider.GetElapsedTime(started);
            LogFinished(_logger, report.FilesFound, report.Stored, report.Skipped, report.HeldBack, report.Failed, elapsed.TotalSeconds);
            return new PipelineResult(report, run.OutputDirectory!, elapsed);
        }
        finally
        {
            foreach (var (_, part) in parts)
            {
                await part.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The workers and every part that works beside them, awaited together; the first failure stops the others.</summary>
    private async Task RunPartsAsync(List<(string Name, StepRun Part)> parts, PipelineRun run, CancellationTokenSource stop, Activity? activity, CancellationToken cancellationToken)
    {
        var source = parts.Select(p => p.Part.Source).Single(s => s is not null)!;
        IPipelineStage[] stages = [.. parts.Select(p => p.Part.FileStage).OfType<IPipelineStage>()];
        StepRun[] takers = [.. parts.Select(p => p.Part)];
        (string Stage, Task Work)[] work =
        [
            ("files", CancelOnFailure.Watch(ProcessFilesAsync(source.ItemsAsync(stop.Token), stages, takers, run, stop.Token), stop)),
            .. parts.Select(p => (p.Name, CancelOnFailure.Watch(p.Part.Completion, stop))),
        ];
        try
        {
            await Task.WhenAll(work.Select(p => p.Work)).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = Failure(work);
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            throw failure;
        }
    }

    /// <summary>The workers: each takes the next item from the source, puts it through the file stages in order, then hands it to every part.</summary>
    private async Task ProcessFilesAsync(IAsyncEnumerable<PipelineItem> items, IPipelineStage[] stages, StepRun[] takers, PipelineRun run, CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(
                items,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    if (await PassesAsync(item, stages, ct).ConfigureAwait(false))
                    {
                        foreach (var taker in takers)
                        {
                            await taker.PassedAsync(item, ct).ConfigureAwait(false);
                        }
                    }

                    run.ReportProgress();
                }).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, no part gets more: the send step sends its last batch, or is being cancelled.
            foreach (var taker in takers)
            {
                taker.NoMoreItems();
            }
        }
    }

    private static async ValueTask<bool> PassesAsync(PipelineItem item, IPipelineStage[] stages, CancellationToken cancellationToken)
    {
        foreach (var stage in stages)
        {
            var started = Stopwatch.GetTimestamp();
            var passed = await stage.ProcessAsync(item, cancellationToken).ConfigureAwait(false);
            PipelineInstruments.RecordStage(stage.Name, started);
            if (!passed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The first failure of a part, other than the cancellations it caused, as the run's one-line error. Unexpected
    /// exceptions are named by type only: their messages may carry input paths, which may carry patient names.
    /// </summary>
    private static Exception Failure((string Stage, Task Work)[] parts)
    {
        var errors = parts
            .Where(p => p.Work.IsFaulted)
            .SelectMany(p => p.Work.Exception!.InnerExceptions.Select(e => (p.Stage, Error: e)))
            .ToList();

        // The cancellations a failure caused come after it; a part's own time-out is a cancellation too, so it counts
        // when nothing else failed.
        var (stage, error) = errors.Find(e => e.Error is not OperationCanceledException) is { Error: not null } first ? first : errors.FirstOrDefault();
        if (error is StepFailedException { InnerException: { } inner } failed)
        {
            (stage, error) = (failed.Step, inner);
        }

        return error switch
        {
            null => new PipelineException("The run was stopped."),
            ProcessedStoreException store => new PipelineException(store.Message, store),
            PipelineException or CsvMergeException => Rethrow(error),
            _ => new PipelineException($"The run stopped: the {stage} stage failed ({error.GetType().Name}).", error),
        };
    }

    private static Exception Rethrow(Exception error)
    {
        ExceptionDispatchInfo.Capture(error).Throw();
        return error;
    }

    /// <summary>Checks what a run needs of every pipeline: an input folder that exists, and sizes of at least 1.</summary>
    /// <returns>The input folder's full path.</returns>
    private static string CheckRequest(PipelineRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.InputDirectory))
        {
            throw new PipelineException("No input folder was given.");
        }

        if (!Directory.Exists(request.InputDirectory))
        {
            throw new PipelineException($"The input folder '{request.InputDirectory}' does not exist.");
        }

        if (request.SendBatchSize < 1 || request.SendParallelism < 1)
        {
            throw new PipelineException("SendBatchSize and SendParallelism must be at least 1.");
        }

        if (request.Destinations is { } destinations && destinations.Any(d => d is null))
        {
            throw new PipelineException("Destinations must not hold null entries.");
        }

        return Path.GetFullPath(request.InputDirectory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline started (de-identifying, workers: {Workers})")]
    private static partial void LogStarted(ILogger logger, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline started WITHOUT de-identification (workers: {Workers}): files are copied out with every identifier they hold")]
    private static partial void LogNotDeidentifying(ILogger logger, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline finished: {Found} found, {Stored} stored, {Skipped} skipped, {HeldBack} held back, {Failed} failed in {Seconds:F1} s")]
    private static partial void LogFinished(ILogger logger, int found, int stored, int skipped, int heldBack, int failed, double seconds);
}
