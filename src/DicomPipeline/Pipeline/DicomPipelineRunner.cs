using System.Collections.Concurrent;
using System.Threading.Channels;
using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Orthanc;
using DicomPipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Runs the stages: the loader fills a bounded channel; workers (one per core by default) de-identify and store. A
/// store failure (disk full, read-only) stops the run; a bad file is reported and the run goes on.
/// </summary>
internal sealed partial class DicomPipelineRunner : IDicomPipeline
{
    private readonly IDicomLoader _loader;
    private readonly Func<IAnonymizer> _anonymizerFactory;
    private readonly AnonymizationOptions _anonymizationOptions;
    private readonly IProcessedStore _store;
    private readonly ICsvMerger _csvMerger;
    private readonly Func<IOrthancClient>? _orthancFactory;
    private readonly int _uploadParallelism;
    private readonly string _orthancDisplayUrl;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _parallelism;

    public DicomPipelineRunner(
        IDicomLoader loader,
        Func<IAnonymizer> anonymizerFactory,
        AnonymizationOptions anonymizationOptions,
        IProcessedStore store,
        ICsvMerger csvMerger,
        int parallelism,
        TimeProvider? timeProvider = null,
        ILogger<DicomPipelineRunner>? logger = null,
        Func<IOrthancClient>? orthancFactory = null,
        OrthancOptions? orthancOptions = null)
    {
        _orthancFactory = orthancFactory;
        _uploadParallelism = orthancOptions?.UploadParallelism ?? 4;
        _orthancDisplayUrl = orthancOptions?.GetDisplayUrl() ?? "Orthanc";
        _loader = loader;
        _anonymizerFactory = anonymizerFactory;
        _anonymizationOptions = anonymizationOptions;
        _store = store;
        _csvMerger = csvMerger;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DicomPipelineRunner>.Instance;
    }

    /// <inheritdoc/>
    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = CheckInput(request.InputDirectory);
        var output = CheckOutput(input, request.OutputDirectory);
        var audit = request.AuditDirectory is null ? null : CheckAudit(input, output, request.AuditDirectory);
        var anonymizer = request.Anonymize ? CreateAnonymizer() : null;
        var orthanc = request.UploadToOrthanc
            ? _orthancFactory?.Invoke() ?? throw new PipelineException("Uploading needs an Orthanc server: configure DicomPipeline:Orthanc:BaseUrl.")
            : null;

        // The whole CSV is read and checked before anything is written: a bad CSV leaves the output untouched.
        var csv = request.CsvPath is null
            ? null
            : await _csvMerger.LoadAsync(request.CsvPath, request.Csv ?? new CsvMergeOptions(), cancellationToken).ConfigureAwait(false);

        var started = _timeProvider.GetTimestamp();
        var startedAt = _timeProvider.GetUtcNow();
        await _store.InitializeAsync(output, cancellationToken).ConfigureAwait(false);
        LogStarted(_logger, request.Anonymize, _parallelism);

        var counters = new Counters();
        var outcomes = new Outcomes(counters, keepAudit: audit is not null);
        var channel = Channel.CreateBounded<LoadedInstance>(new BoundedChannelOptions(_parallelism * 4)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(input, channel.Writer, counters, stop.Token);
        var upload = orthanc is null ? null : new UploadStage(orthanc, _uploadParallelism, counters, stop.Token);
        try
        {
            await Parallel.ForEachAsync(
                channel.Reader.ReadAllAsync(stop.Token),
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = stop.Token },
                async (item, ct) =>
                {
                    var instance = await HandleAsync(item, input, output, anonymizer, csv, outcomes, ct).ConfigureAwait(false);
                    if (instance is not null && upload is not null)
                    {
                        await upload.EnqueueAsync(instance, ct).ConfigureAwait(false);
                    }

                    progress?.Report(counters.Snapshot());
                }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Stop the other stages before reporting: nothing may still be writing when the caller hears of the failure.
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellationAsync(producer).ConfigureAwait(false);
            await IgnoreCancellationAsync(upload?.CompleteAsync() ?? Task.CompletedTask).ConfigureAwait(false);
            if (ex is ProcessedStoreException store)
            {
                throw new PipelineException(store.Message, store);
            }

            throw;
        }

        await producer.ConfigureAwait(false);
        if (upload is not null)
        {
            await upload.CompleteAsync().ConfigureAwait(false);
            progress?.Report(counters.Snapshot());
        }

        var report = new ProcessingReport
        {
            StartedAt = startedAt,
            FinishedAt = _timeProvider.GetUtcNow(),
            FilesFound = counters.Found,
            Stored = counters.Stored,
            Skipped = counters.Skipped,
            HeldBack = counters.HeldBack,
            Failed = counters.Failed,
            Anonymized = request.Anonymize,
            ProfileEdition = request.Anonymize ? ConfidentialityProfileTable.Edition : null,
            Options = request.Anonymize ? EnabledOptions(_anonymizationOptions) : [],
            NotStored = [.. outcomes.NotStored.OrderBy(f => f.Path, StringComparer.Ordinal)],
            CsvLinesWithoutImages = csv?.UnmatchedRowLines ?? [],
            Upload = upload?.Report(_orthancDisplayUrl),
        };
        try
        {
            await _store.CompleteAsync(output, outcomes.Stored, request.Anonymize ? WithoutInputPaths(report) : report, cancellationToken).ConfigureAwait(false);
            if (audit is not null)
            {
                await _store.WriteAuditAsync(audit, outcomes.AuditEntries, report.NotStored, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ProcessedStoreException ex)
        {
            throw new PipelineException(ex.Message, ex);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        LogFinished(_logger, report.FilesFound, report.Stored, report.Skipped, report.HeldBack, report.Failed, elapsed.TotalSeconds);
        return new PipelineResult(report, output, elapsed);
    }

    /// <summary>
    /// The report as a de-identified output folder may hold it: input folder and file names are often patients' names
    /// or record numbers, so the files not stored are numbered rather than named (their paths are in the result the
    /// caller gets, and in the audit folder's <c>not-stored.csv</c>).
    /// </summary>
    internal static ProcessingReport WithoutInputPaths(ProcessingReport report) => report with
    {
        NotStored = [.. report.NotStored.Select((f, i) => f with { Path = FormattableString.Invariant($"input file #{i + 1}") })],
    };

    /// <summary>The profile options that are on, the strict policy and the site rules that keep, by name, for the report.</summary>
    internal static IReadOnlyList<string> EnabledOptions(AnonymizationOptions o)
    {
        var names = new List<string>();
        void Add(bool on, string name)
        {
            if (on)
            {
                names.Add(name);
            }
        }

        Add(o.RetainSafePrivate, nameof(o.RetainSafePrivate));
        Add(o.RetainUids, nameof(o.RetainUids));
        Add(o.RetainDeviceIdentity, nameof(o.RetainDeviceIdentity));
        Add(o.RetainInstitutionIdentity, nameof(o.RetainInstitutionIdentity));
        Add(o.RetainPatientCharacteristics, nameof(o.RetainPatientCharacteristics));
        Add(o.RetainLongitudinalFullDates, nameof(o.RetainLongitudinalFullDates));
        Add(o.RetainLongitudinalModifiedDates, nameof(o.RetainLongitudinalModifiedDates));
        Add(o.CleanDescriptors, nameof(o.CleanDescriptors));
        Add(o.CleanStructuredContent, nameof(o.CleanStructuredContent));
        Add(o.CleanGraphics, nameof(o.CleanGraphics));
        Add(o.Policy == AnonymizationPolicy.Strict, "StrictPolicy");

        // What a site chose to keep beyond the profile, as the outputs' De-identification Method names it.
        names.AddRange(SiteRules.Compile(o.Rules)?.KeepDescriptions ?? []);
        return names;
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string FullDirectory(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;

    private static bool IsInside(string candidate, string folder) =>
        FullDirectory(candidate).StartsWith(FullDirectory(folder), StringComparison.Ordinal);

    private static string CheckInput(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new PipelineException("No input folder was given.");
        }

        if (!Directory.Exists(input))
        {
            throw new PipelineException($"The input folder '{input}' does not exist.");
        }

        return Path.GetFullPath(input);
    }

    private static string CheckOutput(string input, string output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new PipelineException("No output folder was given.");
        }

        if (IsInside(output, input))
        {
            throw new PipelineException($"The output folder '{output}' is inside the input folder '{input}': the pipeline never writes into its input.");
        }

        return Path.GetFullPath(output);
    }

    private static string CheckAudit(string input, string output, string audit)
    {
        if (IsInside(audit, output) || IsInside(output, audit) || IsInside(audit, input))
        {
            throw new PipelineException($"The audit folder '{audit}' must be separate from the input and output folders: it holds original identifiers.");
        }

        return Path.GetFullPath(audit);
    }

    private IAnonymizer CreateAnonymizer()
    {
        try
        {
            return _anonymizerFactory();
        }
        catch (InvalidOperationException ex)
        {
            throw new PipelineException(ex.Message, ex);
        }
    }

    private async Task ProduceAsync(string input, ChannelWriter<LoadedInstance> writer, Counters counters, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var item in _loader.LoadAsync(input, cancellationToken).ConfigureAwait(false))
            {
                counters.IncrementFound();
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private async Task<StoredInstance?> HandleAsync(
        LoadedInstance item,
        string input,
        string output,
        IAnonymizer? anonymizer,
        CsvLookupTable? csv,
        Outcomes outcomes,
        CancellationToken cancellationToken)
    {
        var relative = Path.GetRelativePath(input, item.Path);
        if (item.IsSkipped)
        {
            var reason = item.Skip.Offset is { } offset ? FormattableString.Invariant($"{item.Skip.Reason} (offset {offset})") : item.Skip.Reason;
            outcomes.Skip(relative, reason);
            LogSkipped(_logger, reason);
            return null;
        }

        var file = item.File;
        CsvRow? row = null;
        if (csv is not null)
        {
            if (csv.TryGetRow(file.Dataset, out row))
            {
                csv.MarkMatched(row);
            }
            else if (csv.UnmatchedPolicy == CsvUnmatchedPolicy.HoldBack)
            {
                outcomes.HoldBack(relative, $"no row in the clinical CSV matches this instance's {csv.MatchAttribute}");
                return null;
            }
        }

        if (anonymizer is not null)
        {
            AnonymizationResult result;
            try
            {
                result = anonymizer.Anonymize(file);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or DicomFormatException or IOException)
            {
                outcomes.Fail(relative, "de-identification failed: " + ex.GetType().Name);
                return null;
            }

            if (result.IsHeldBack)
            {
                outcomes.HoldBack(relative, result.HeldBackReason!);
                return null;
            }

            file = result.File;
            outcomes.Audit(file.Dataset.GetString(DicomTag.SOPInstanceUID) ?? string.Empty, result.Identities);
        }

        IReadOnlyDictionary<string, string>? clinical = null;
        if (csv is not null && row is not null)
        {
            try
            {
                csv.Apply(row, file.Dataset);
            }
            catch (CsvMergeException ex)
            {
                outcomes.Fail(relative, ex.Message);
                return null;
            }

            clinical = csv.GetClinicalValues(row);
        }

        // Two input files holding the same instance (a duplicated export, the same image in two syntaxes) would land on
        // the same output path: the first one is kept, the others are reported, never silently overwritten.
        var sopInstanceUid = file.Dataset.GetString(DicomTag.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopInstanceUid))
        {
            outcomes.Fail(relative, "no SOP Instance UID (0008,0018): the instance cannot be filed or told apart from others");
            return null;
        }

        if (!outcomes.Claim(sopInstanceUid))
        {
            outcomes.Skip(relative, "the same SOP Instance UID as another input file, which was stored");
            return null;
        }

        var instance = await _store.SaveAsync(output, file, clinical, cancellationToken).ConfigureAwait(false);
        outcomes.Store(instance);
        return instance;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline started (anonymize: {Anonymize}, workers: {Workers})")]
    private static partial void LogStarted(ILogger logger, bool anonymize, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline finished: {Found} found, {Stored} stored, {Skipped} skipped, {HeldBack} held back, {Failed} failed in {Seconds:F1} s")]
    private static partial void LogFinished(ILogger logger, int found, int stored, int skipped, int heldBack, int failed, double seconds);

    // The reason only: an input path may carry a patient's name, so it is kept out of logs (it is in report.json).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a file: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);

    /// <summary>
    /// Uploads stored instances while the rest of the run goes on: a few at a time, each checked first against the
    /// server by its Orthanc identifier (computed locally), so a re-run sends only what is missing. When the server
    /// fails past the client's retries, uploading stops and the rest is counted as not uploaded.
    /// </summary>
    private sealed class UploadStage
    {
        private readonly IOrthancClient _client;
        private readonly Counters _counters;
        private readonly Channel<StoredInstance> _queue;
        private readonly Task _work;
        private int _uploaded;
        private int _alreadyPresent;
        private int _notUploaded;
        private string? _error;

        public UploadStage(IOrthancClient client, int parallelism, Counters counters, CancellationToken cancellationToken)
        {
            _client = client;
            _counters = counters;
            _queue = Channel.CreateBounded<StoredInstance>(new BoundedChannelOptions(parallelism * 4) { FullMode = BoundedChannelFullMode.Wait });
            _work = Parallel.ForEachAsync(
                _queue.Reader.ReadAllAsync(cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                UploadAsync);
        }

        public ValueTask EnqueueAsync(StoredInstance instance, CancellationToken cancellationToken) =>
            _queue.Writer.WriteAsync(instance, cancellationToken);

        public Task CompleteAsync()
        {
            _queue.Writer.TryComplete();
            return _work;
        }

        public UploadReport Report(string server) => new()
        {
            Server = server,
            Uploaded = _uploaded,
            AlreadyPresent = _alreadyPresent,
            NotUploaded = _notUploaded,
            Error = _error is null ? null : FormattableString.Invariant($"{_error} {_notUploaded} instance(s) were not uploaded; they are kept in the output folder, and running the same command again uploads exactly those."),
        };

        private async ValueTask UploadAsync(StoredInstance instance, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _error) is not null)
            {
                Interlocked.Increment(ref _notUploaded);
                return;
            }

            try
            {
                var id = OrthancIdentifiers.ComputeInstanceId(instance.PatientId, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid);
                if (await _client.InstanceExistsAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _alreadyPresent);
                }
                else
                {
                    var result = await _client.UploadInstanceAsync(instance.FullPath, cancellationToken).ConfigureAwait(false);
                    switch (result.Status)
                    {
                        case OrthancUploadStatus.Success:
                            Interlocked.Increment(ref _uploaded);
                            break;
                        case OrthancUploadStatus.AlreadyStored:
                            Interlocked.Increment(ref _alreadyPresent);
                            break;
                        default:
                            // Refused by the server's own filter: not an outage, so the rest goes on.
                            Interlocked.Increment(ref _notUploaded);
                            return;
                    }
                }

                _counters.IncrementUploaded();
            }
            catch (OrthancException ex)
            {
                Interlocked.CompareExchange(ref _error, ex.Message, null);
                Interlocked.Increment(ref _notUploaded);
            }
        }
    }

    /// <summary>What happened to each file of a run, gathered from all workers at once.</summary>
    private sealed class Outcomes(Counters counters, bool keepAudit)
    {
        private readonly ConcurrentBag<StoredInstance> _stored = [];
        private readonly ConcurrentQueue<ReportedFile> _notStored = new();
        private readonly ConcurrentQueue<AuditEntry> _audit = new();
        private readonly ConcurrentDictionary<string, bool> _sopInstances = new(StringComparer.Ordinal);

        public IReadOnlyCollection<StoredInstance> Stored => _stored;

        public IEnumerable<ReportedFile> NotStored => _notStored;

        public IEnumerable<AuditEntry> AuditEntries => _audit;

        /// <summary>Claims an instance for this run; false when another input file already holds it.</summary>
        public bool Claim(string sopInstanceUid) => _sopInstances.TryAdd(sopInstanceUid, true);

        public void Store(StoredInstance instance)
        {
            _stored.Add(instance);
            counters.IncrementStored();
        }

        public void Skip(string path, string reason)
        {
            _notStored.Enqueue(new ReportedFile(path, "Skipped", reason));
            counters.IncrementSkipped();
        }

        public void HoldBack(string path, string reason)
        {
            _notStored.Enqueue(new ReportedFile(path, "HeldBack", reason));
            counters.IncrementHeldBack();
        }

        public void Fail(string path, string reason)
        {
            _notStored.Enqueue(new ReportedFile(path, "Failed", reason));
            counters.IncrementFailed();
        }

        public void Audit(string sopInstanceUid, IReadOnlyList<AnonymizedIdentity> identities)
        {
            if (!keepAudit)
            {
                return;
            }

            foreach (var identity in identities)
            {
                _audit.Enqueue(new AuditEntry(sopInstanceUid, identity.Keyword, identity.Original, identity.Replacement));
            }
        }
    }

    private sealed class Counters
    {
        private int _found;
        private int _stored;
        private int _skipped;
        private int _heldBack;
        private int _failed;
        private int _uploaded;

        public int Found => Volatile.Read(ref _found);

        public int Stored => Volatile.Read(ref _stored);

        public int Skipped => Volatile.Read(ref _skipped);

        public int HeldBack => Volatile.Read(ref _heldBack);

        public int Failed => Volatile.Read(ref _failed);

        public void IncrementFound() => Interlocked.Increment(ref _found);

        public void IncrementStored() => Interlocked.Increment(ref _stored);

        public void IncrementSkipped() => Interlocked.Increment(ref _skipped);

        public void IncrementHeldBack() => Interlocked.Increment(ref _heldBack);

        public void IncrementFailed() => Interlocked.Increment(ref _failed);

        public void IncrementUploaded() => Interlocked.Increment(ref _uploaded);

        public PipelineProgress Snapshot() => new(Found, Stored, Skipped, HeldBack, Failed, Volatile.Read(ref _uploaded));
    }
}
