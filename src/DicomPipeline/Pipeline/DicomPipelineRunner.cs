using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Destinations;
using DicomPipeline.Diagnostics;
using DicomPipeline.Loading;
using DicomPipeline.Storage;
using DicomPipeline.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Composes the stages and owns the run: the order, the progress, cancellation and the result. The load stage fills a
/// bounded channel; workers (one per core by default) take each instance through the per-file stages (de-identify,
/// merge CSV, store, verify); the send stage takes the instances that made it through, in batches. The three run at
/// once. When any of them fails, the run is cancelled, every part is awaited and the failure is reported in one line:
/// no part is left waiting on a queue nobody drains.
/// </summary>
internal sealed partial class DicomPipelineRunner : IDicomPipeline
{
    private readonly IDicomLoader _loader;
    private readonly Func<IPatientIdentityProvider?, IAnonymizer> _anonymizerFactory;
    private readonly AnonymizationOptions _anonymizationOptions;
    private readonly IProcessedStore _store;
    private readonly ICsvLookupTableLoader _csvTables;
    private readonly Func<IDicomDestination>? _orthancFactory;
    private readonly IDeidentificationVerifier? _verifier;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _parallelism;

    // anonymizerFactory: the anonymizer for a run, given the clinical CSV's identities when the CSV supplies them
    // (matched on PatientID), else null; called only when the run de-identifies, so a missing secret breaks no other run.
    // orthancFactory: the Orthanc destination, made only for a run that uploads (so do its options' checks).
    public DicomPipelineRunner(
        IDicomLoader loader,
        Func<IPatientIdentityProvider?, IAnonymizer> anonymizerFactory,
        AnonymizationOptions anonymizationOptions,
        IProcessedStore store,
        ICsvLookupTableLoader csvTables,
        int parallelism,
        TimeProvider? timeProvider = null,
        ILogger<DicomPipelineRunner>? logger = null,
        Func<IDicomDestination>? orthancFactory = null,
        IDeidentificationVerifier? verifier = null)
    {
        _loader = loader;
        _anonymizerFactory = anonymizerFactory;
        _anonymizationOptions = anonymizationOptions;
        _store = store;
        _csvTables = csvTables;
        _orthancFactory = orthancFactory;
        _verifier = verifier;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DicomPipelineRunner>.Instance;
    }

    /// <inheritdoc/>
    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var paths = RunPaths.Check(request);
        CheckSending(request);
        var anonymizer = request.Anonymize ? CreateAnonymizer(null) : null;
        if (request.Verify && (anonymizer is null || _verifier is null))
        {
            throw new PipelineException(anonymizer is null
                ? "Verifying checks de-identified output: turn de-identification on, or verification off."
                : "Verifying needs a de-identification verifier (IDeidentificationVerifier); none is configured.");
        }

        // The whole CSV is read and checked before anything is written: a bad CSV leaves the output untouched.
        var csv = request.CsvPath is null
            ? null
            : await _csvTables.LoadAsync(request.CsvPath, request.Csv ?? new CsvMergeOptions(), cancellationToken).ConfigureAwait(false);
        if (anonymizer is not null && csv is not null && CsvPatientIdentityProvider.For(csv) is { } identities)
        {
            // The CSV's Patient ID and name become the pseudonyms everywhere, nested sequences included, so the audit
            // map and every level of the file agree with what the CSV writes at the top.
            anonymizer = CreateAnonymizer(identities);
        }

        var orthanc = request.UploadToOrthanc ? CreateOrthanc() : null;
        try
        {
            IReadOnlyList<IDicomDestination> destinations = orthanc is null ? request.Destinations : [orthanc, .. request.Destinations];
            return await RunStagesAsync(request, paths, anonymizer, csv, destinations, orthanc is not null, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (orthanc as IDisposable)?.Dispose();
        }
    }

    private async Task<PipelineResult> RunStagesAsync(
        PipelineRequest request,
        RunPaths paths,
        IAnonymizer? anonymizer,
        CsvLookupTable? csv,
        IReadOnlyList<IDicomDestination> destinations,
        bool uploadsToOrthanc,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var startedAt = _timeProvider.GetUtcNow();

        // Counts and switches only: no path, name or identifier goes into a tag.
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Run");
        activity?.SetTag("dicompipeline.anonymize", request.Anonymize);
        activity?.SetTag("dicompipeline.verify", request.Verify);
        activity?.SetTag("dicompipeline.workers", _parallelism);
        activity?.SetTag("dicompipeline.destinations", destinations.Count);
        await Wrap(_store.InitializeAsync(paths.Output, request.Shard?.PartName, cancellationToken)).ConfigureAwait(false);
        LogStarted(_logger, request.Anonymize, _parallelism);

        using var outcomes = new RunOutcomes(paths.Input, paths.Output, keepAudit: paths.Audit is not null);
        IPipelineStage[] stages =
        [
            .. anonymizer is null ? [] : new IPipelineStage[] { new DeidentifyStage(anonymizer, outcomes) },
            .. csv is null ? [] : new IPipelineStage[] { new CsvMergeStage(csv, outcomes) },
            new StoreStage(_store, paths.Output, outcomes),
            .. paths.Quarantine is null ? [] : new IPipelineStage[] { new VerifyStage(_verifier!, paths.Output, paths.Quarantine, outcomes) },
        ];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var send = destinations.Count == 0
            ? null
            : new SendStage(destinations, request.SendBatchSize, request.SendParallelism, outcomes, progress, stop.Token);
        var load = new LoadStage(_loader, outcomes, progress, _logger, request.Shard);
        (string Stage, Task Work)[] parts =
        [
            ("files", CancelOnFailure.Watch(ProcessFilesAsync(load.ItemsAsync(paths.Input, stop.Token), stages, outcomes, send, progress, stop.Token), stop)),
            (SendStage.Name, send is null ? Task.CompletedTask : CancelOnFailure.Watch(send.Completion, stop)),
        ];
        try
        {
            await Task.WhenAll(parts.Select(p => p.Work)).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = Failure(parts);
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            throw failure;
        }

        // The loader and the workers report from several threads, so the last report to arrive may be an older one; this
        // one, after every part has finished, is the run's final count.
        progress?.Report(outcomes.Snapshot());

        var destinationReports = send?.Reports() ?? [];
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
            ImagesScanned = outcomes.ImagesScanned,
            ImagesRedacted = outcomes.ImagesRedacted,
            PixelBoxesBlanked = outcomes.PixelBoxesBlanked,
            Anonymized = request.Anonymize,
            ProfileEdition = request.Anonymize ? ConfidentialityProfileTable.Edition : null,
            Options = request.Anonymize ? RunRecords.EnabledOptions(_anonymizationOptions) : [],
            Verified = request.Verify,
            NotStored = [.. outcomes.NotStored.OrderBy(f => f.Path, StringComparer.Ordinal)],
            CsvLinesWithoutImages = csv?.UnmatchedRowLines ?? [],
            Upload = uploadsToOrthanc ? RunRecords.UploadSummary(destinationReports[0]) : null,
            Destinations = destinationReports,
            Swept = outcomes.SweptCounts(),
        };

        await Wrap(_store.CompleteAsync(paths.Output, outcomes.Stored, request.Shard?.PartName, cancellationToken)).ConfigureAwait(false);
        await Wrap(RunRecords.WriteReportAsync(paths.Output, request.Anonymize ? RunRecords.WithoutInputPaths(report) : report, cancellationToken, request.Shard)).ConfigureAwait(false);
        if (paths.Audit is not null)
        {
            await Wrap(RunRecords.WriteAuditAsync(paths.Audit, outcomes.AuditEntries, report.NotStored, cancellationToken, request.Shard)).ConfigureAwait(false);
        }

        activity?.SetTag("dicompipeline.files.read", report.FilesFound);
        activity?.SetTag("dicompipeline.files.stored", report.Stored);
        activity?.SetTag("dicompipeline.files.not_stored", report.NotStored.Count);
        var elapsed = _timeProvider.GetElapsedTime(started);
        LogFinished(_logger, report.FilesFound, report.Stored, report.Skipped, report.HeldBack, report.Failed, elapsed.TotalSeconds);
        return new PipelineResult(report, paths.Output, elapsed);
    }

    /// <summary>The workers: each takes the next item from the load stage, then puts it through the per-file stages in order, then on to the send stage.</summary>
    private async Task ProcessFilesAsync(
        IAsyncEnumerable<PipelineItem> loaded,
        IPipelineStage[] stages,
        RunOutcomes outcomes,
        SendStage? send,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(
                loaded,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    if (await PassesAsync(item, stages, ct).ConfigureAwait(false))
                    {
                        outcomes.Store(item.Stored!);
                        if (send is not null)
                        {
                            await send.EnqueueAsync(item.Stored!, ct).ConfigureAwait(false);
                        }
                    }

                    progress?.Report(outcomes.Snapshot());
                }).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened, the send stage gets no more: it sends its last batch, or is being cancelled.
            send?.Complete();
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
        if (error is LoadStageException { InnerException: { } loading })
        {
            (stage, error) = (LoadStage.Name, loading);
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

    private static async Task Wrap(Task storeWork)
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

    private static void CheckSending(PipelineRequest request)
    {
        if (request.SendBatchSize < 1 || request.SendParallelism < 1)
        {
            throw new PipelineException("SendBatchSize and SendParallelism must be at least 1.");
        }

        if (request.Destinations is null || request.Destinations.Any(d => d is null))
        {
            throw new PipelineException("Destinations must not be null or hold null entries.");
        }
    }

    private IAnonymizer CreateAnonymizer(IPatientIdentityProvider? identities)
    {
        try
        {
            return _anonymizerFactory(identities);
        }
        catch (InvalidOperationException ex)
        {
            throw new PipelineException(ex.Message, ex);
        }
    }

    private IDicomDestination CreateOrthanc()
    {
        try
        {
            return _orthancFactory?.Invoke() ?? throw new PipelineException("Uploading needs an Orthanc server: configure DicomPipeline:Orthanc:BaseUrl.");
        }
        catch (Exception ex) when (ex is ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            throw new PipelineException("The Orthanc options are not valid: " + ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline started (anonymize: {Anonymize}, workers: {Workers})")]
    private static partial void LogStarted(ILogger logger, bool anonymize, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline finished: {Found} found, {Stored} stored, {Skipped} skipped, {HeldBack} held back, {Failed} failed in {Seconds:F1} s")]
    private static partial void LogFinished(ILogger logger, int found, int stored, int skipped, int heldBack, int failed, double seconds);
}
