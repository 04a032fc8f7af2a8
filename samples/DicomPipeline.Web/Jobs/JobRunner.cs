using DicomPipeline.Csv;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// Runs queued jobs, <see cref="WebLimits.MaxConcurrentJobs"/> at a time, each with the library's
/// <see cref="IDicomPipeline"/>. Each job writes into its own folder, <c>&lt;Output:Directory&gt;/&lt;jobId&gt;</c>.
/// Logs carry the job ID, the state and counts only: paths and messages may name patients.
/// </summary>
internal sealed partial class JobRunner(
    JobQueue queue,
    IDicomPipeline pipeline,
    IOptions<DicomPipelineOptions> pipelineOptions,
    IOptions<WebSampleOptions> webOptions,
    PreparedCsvMerger csvMerger,
    OutputRetention retention,
    ConfiguredDestinations destinations,
    JobStore store,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        retention.Apply();
        return Task.WhenAll(Enumerable.Range(0, webOptions.Value.Limits.MaxConcurrentJobs).Select(_ => WorkAsync(stoppingToken))
            .Append(ApplyRetentionPeriodicallyAsync(stoppingToken)));
    }

    // Retention also on a timer: MaxAge must hold on a quiet server, where no job ends to apply it.
    private async Task ApplyRetentionPeriodicallyAsync(CancellationToken stoppingToken)
    {
        var interval = webOptions.Value.Web.Retention.CheckInterval;
        using var timer = new PeriodicTimer(interval > TimeSpan.Zero ? interval : TimeSpan.FromHours(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                retention.Apply();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    /// <summary>The output folder of a job: the configured one, with the job's ID below it.</summary>
    public static string OutputDirectory(DicomPipelineOptions options, Guid jobId) =>
        Path.Combine(Path.GetFullPath(options.Output.Directory), jobId.ToString());

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private async Task RunAsync(WebJob job, CancellationToken stoppingToken)
    {
        // The channel still hands out waiting jobs once the app is stopping: they stay queued, for the next start.
        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (!job.TryStart(time.GetUtcNow()))
            {
                LogSkipped(logger, job.Id);
                return;
            }

            LogStarted(logger, job.Id, job.Request.Anonymize, job.Request.CsvPath is not null);
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stoppingToken);
            var options = pipelineOptions.Value;
            var sendTo = destinations.Create(job.Request.UploadToOrthanc, job.Request.Destinations.Count > 0);
            var request = new PipelineRequest
            {
                InputDirectory = job.Request.InputDirectory,
                OutputDirectory = OutputDirectory(options, job.Id),
                AuditDirectory = options.Output.AuditDirectory is { Length: > 0 } audit
                    ? Path.Combine(Path.GetFullPath(audit), job.Id.ToString())
                    : null,
                Anonymize = job.Request.Anonymize,
                CleanPixelData = job.Request.CleanPixelData,
                CsvPath = job.Request.CsvPath,
                Csv = job.Request.Csv,
                Destinations = sendTo,
            };

            // Created owner-only before the library writes into them, so no file is reachable by others while the job
            // runs, and tightened to 0600/0700 after (the library creates files under the process's umask).
            var privateFolders = new[] { request.OutputDirectory, request.AuditDirectory, request.OutputDirectory + "-quarantine" };
            try
            {
                PrivateWorkspace.CreatePrivateFolder(request.OutputDirectory);
                if (request.AuditDirectory is { } auditFolder)
                {
                    PrivateWorkspace.CreatePrivateFolder(auditFolder);
                }

                // The total before the first file, so the page's bar moves from "0 of N" rather than jumping at the end.
                await CountFilesAsync(job, cancellation.Token);

                PipelineResult result;
                try
                {
                    WalkTrackingLoader.Current = job;
                    result = await pipeline.RunAsync(request, job, cancellation.Token);
                }
                finally
                {
                    ConfiguredDestinations.Dispose(sendTo);
                    foreach (var folder in privateFolders)
                    {
                        if (folder is not null)
                        {
                            PrivateWorkspace.RestrictTree(folder);
                        }
                    }

                    // Before the job reads as finished: whoever sees it finished finds the CSV gone and old outputs deleted.
                    // Not when the app stops: the job is interrupted, to be run again with its CSV.
                    if (!stoppingToken.IsCancellationRequested)
                    {
                        ReleaseCsv(job);
                        retention.Apply(finishing: job.Id);
                    }
                }

                if (job.Request.Anonymize)
                {
                    // What the study list calls de-identified: what this app's runs made, not what a file claims.
                    store.RecordDeidentified(JobStore.StudiesInManifest(Path.Combine(result.OutputDirectory, "manifest.csv")));
                }

                LogDeliveryProblems(job.Id, result);
                job.Succeed(result, request.AuditDirectory, time.GetUtcNow());
                LogFinished(logger, job.Id, result.Stored, result.Skipped, result.HeldBack, result.Failed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested && !job.CancellationToken.IsCancellationRequested)
            {
                job.Interrupted(time.GetUtcNow());
                LogInterrupted(logger, job.Id);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                job.Cancelled(time.GetUtcNow());
                LogCancelled(logger, job.Id);
            }
            catch (Exception ex) when (ex is PipelineException or CsvMergeException or OrthancException)
            {
                // These messages are written for the user and carry no patient data.
                job.Fail(ex.Message, time.GetUtcNow());
                LogFailed(logger, job.Id, ex.GetType().Name);
            }
#pragma warning disable CA1031 // A job's unexpected failure must not stop the runner; its message may quote a path, so only the type is shown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                job.Fail($"An unexpected error stopped the job ({ex.GetType().Name}); the server log has the job ID.", time.GetUtcNow());
                LogFailed(logger, job.Id, ex.GetType().Name);
            }
        }
        finally
        {
            WalkTrackingLoader.Current = null;
            if (job.State != JobState.Interrupted)
            {
                ReleaseCsv(job);
            }
        }
    }

    private async Task CountFilesAsync(WebJob job, CancellationToken cancellationToken)
    {
        var cap = webOptions.Value.Limits.MaxCountedFiles;
        if (cap <= 0)
        {
            return;
        }

        job.CountProgress(counting: true);
        try
        {
            var count = await Task.Run(() => FolderCount.Count(job.Request.InputDirectory, cap, cancellationToken), cancellationToken);
            job.CountProgress(counting: false, count?.Files, count?.Capped ?? false);
        }
        finally
        {
            job.CountProgress(counting: false);
        }
    }

    // An expected failure (a server down) is one line per destination, with counts and the reason in a few words: the
    // library's retries log nothing of their own (appsettings.json quiets Polly), and no stack trace says more.
    private void LogDeliveryProblems(Guid jobId, PipelineResult result)
    {
        foreach (var sent in result.Report.Destinations)
        {
            if (sent.NotSent > 0 && UploadSummary.From(sent).Problem is { } problem)
            {
                LogNotReached(logger, jobId, sent.Destination, sent.NotSent, problem);
            }
            else if (sent.NotSent > 0 || sent.Refused > 0)
            {
                LogNotSent(logger, jobId, sent.Destination, sent.NotSent, sent.Refused);
            }
        }
    }

    /// <summary>Deletes the job's private folder with the uploaded CSV, and the table kept for it.</summary>
    public static void ReleaseCsv(WebJob job, PreparedCsvMerger csvMerger)
    {
        if (job.Request.CsvPath is { } csv)
        {
            csvMerger.Forget(csv);
        }

        PrivateWorkspace.DeleteFolder(job.Request.WorkDirectory);
    }

    private void ReleaseCsv(WebJob job) => ReleaseCsv(job, csvMerger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started (anonymize: {Anonymize}, CSV: {HasCsv})")]
    private static partial void LogStarted(ILogger logger, Guid jobId, bool anonymize, bool hasCsv);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} succeeded: {Stored} stored, {Skipped} skipped, {HeldBack} held back, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, Guid jobId, int stored, int skipped, int heldBack, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled")]
    private static partial void LogCancelled(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} interrupted: the app is stopping; it can be run again")]
    private static partial void LogInterrupted(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} was cancelled before it started")]
    private static partial void LogSkipped(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Destination} not reached, {NotSent} files not sent ({Problem}); they are kept in the job's output")]
    private static partial void LogNotReached(ILogger logger, Guid jobId, string destination, int notSent, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Destination}: {NotSent} files not sent, {Refused} refused; the job's report has the reason")]
    private static partial void LogNotSent(ILogger logger, Guid jobId, string destination, int notSent, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed ({ExceptionType})")]
    private static partial void LogFailed(ILogger logger, Guid jobId, string exceptionType);
}
