using DicomPipeline.Pipeline;
using DicomPipeline.Storage;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// What <c>GET /jobs/{id}</c> answers: what was asked, the state, an outcome in three words (succeeded, succeeded with
/// problems, failed), honest progress, and a summary of the result whose lists hold the first
/// <see cref="WebSettings.ListedItems"/> entries with their counts; the full lists are in the job's <c>report.json</c>.
/// </summary>
internal sealed record JobView(
    Guid JobId,
    JobState State,
    string Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string InputDirectory,
    string? CsvName,
    bool Anonymize,
    bool? CleanPixelData,
    string Deidentification,
    bool UploadToOrthanc,
    IReadOnlyList<string> Destinations,
    bool HasCsv,
    JobProgressView Progress,
    string? Error,
    bool OutputDeleted,
    IReadOnlyDictionary<string, string> Downloads,
    JobResultView? Result)
{
    /// <summary>The files of a job's output folder that can be downloaded, by name.</summary>
    public static readonly string[] DownloadableFiles = ["report.json", "manifest.csv"];

    public static JobView From(WebJob job, int listedItems)
    {
        var result = job.Result;
        var request = job.Request;
        var downloads = result is null || job.OutputDeleted
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : DownloadableFiles.Where(name => File.Exists(Path.Combine(result.OutputDirectory, name)))
                .ToDictionary(name => name, name => $"/jobs/{job.Id}/files/{name}", StringComparer.Ordinal);
        return new JobView(
            job.Id,
            job.State,
            OutcomeOf(job.State, result),
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            request.InputDirectory,
            request.CsvName,
            request.Anonymize,
            request.CleanPixelData,
            DeidentificationOf(request),
            request.UploadToOrthanc,
            request.Destinations,
            request.CsvPath is not null,
            JobProgressView.From(job),
            job.Error,
            job.OutputDeleted,
            downloads,
            result is null ? null : new JobResultView(
                result.OutputDirectory,
                Math.Round(result.Elapsed.TotalSeconds, 2),
                result.FilesFound,
                result.Stored,
                result.Skipped,
                result.HeldBack,
                result.Failed,
                result.IsComplete,
                result.Report.Anonymized ? 0 : result.Stored,
                (result.Report.Anonymized ? 0 : result.Stored) + result.Report.NotStored.Count,
                ReportSummary.From(result.Report, listedItems, orthancFirst: request.UploadToOrthanc, job.AuditDirectory)));
    }

    /// <summary>What the job record says of de-identification, in the words the page and the API share.</summary>
    public static string DeidentificationOf(JobRequest request) => request.Anonymize ? "de-identified" : "not de-identified";

    /// <summary>
    /// Succeeded only when every file found was stored (and uploaded, when asked); with problems when some were not;
    /// failed when the job stopped or stored nothing.
    /// </summary>
    private static string OutcomeOf(JobState state, PipelineResult? result) => state switch
    {
        JobState.Succeeded when result is null || result.Stored == 0 => "failed",
        JobState.Succeeded when !result.IsComplete => "succeededWithProblems",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Counts so far. <see cref="Total"/> is the number of files the job will handle as soon as it is known: from the job's
/// own count of its folder before the pipeline starts (<see cref="Counting"/> while it counts), from the walk once it has
/// ended, from the result at the end; null while unknown. When the count stopped at its cap, <see cref="MoreThan"/> says
/// the folder holds more than that many and <see cref="Total"/> stays null until the walk ends. <see cref="Found"/> grows
/// while the folder walk goes on.
/// </summary>
internal sealed record JobProgressView(
    int Found,
    int Handled,
    int Stored,
    int Skipped,
    int HeldBack,
    int Failed,
    int Uploaded,
    bool WalkFinished,
    bool Counting,
    int? Total,
    int? MoreThan)
{
    public static JobProgressView From(WebJob job)
    {
        var progress = job.Progress;
        var result = job.Result;
        var found = Math.Max(progress.Found, job.Walked);
        var walkFinished = job.WalkFinished || result is not null;

        // The count before the cap flag: the job writes the flag first, so a count read here comes with its own flag.
        // The library's own total (PipelineProgress.FilesTotal, coming) would take the count's place here.
        var countedFiles = job.CountedFiles;
        var capped = job.CountCapped;
        var counted = capped ? null : countedFiles;
        var total = result?.FilesFound ?? (job.WalkFinished ? job.Walked : counted is { } files ? Math.Max(files, found) : null);
        return new JobProgressView(
            found,
            progress.Handled,
            progress.Stored,
            progress.Skipped,
            progress.HeldBack,
            progress.Failed,
            progress.Uploaded,
            walkFinished,
            job.Counting && result is null,
            total,
            total is null && capped ? countedFiles : null);
    }
}

/// <summary>
/// The pipeline's result: the counts and a summary of the report. What was not de-identified comes from this run's
/// report, never from what a file claims (Patient Identity Removed): <see cref="StoredIdentified"/> is every stored file
/// when the run did not de-identify, and <see cref="NotDeidentified"/> adds the files not stored (skipped, held back,
/// failed), listed with their reasons in <see cref="ReportSummary.NotStored"/>.
/// </summary>
internal sealed record JobResultView(
    string OutputDirectory,
    double ElapsedSeconds,
    int FilesFound,
    int Stored,
    int Skipped,
    int HeldBack,
    int Failed,
    bool IsComplete,
    int StoredIdentified,
    int NotDeidentified,
    ReportSummary Report);

/// <summary>
/// The report with its lists cut to their first items, each with its full count. For a de-identified job the files not
/// stored are numbered as in its <c>report.json</c> ("input file #N"), not named: input file and folder names are often a
/// patient's name, ID or birth date, and this summary is shown, answered and kept in the job database.
/// <see cref="NotStoredPaths"/> is the audit folder's <c>not-stored.csv</c> that maps each number to its path, and
/// <see cref="NotStoredNote"/> says so in words (or that the paths are not kept, when the app has no audit folder).
/// </summary>
internal sealed record ReportSummary(
    bool Anonymized,
    string? ProfileEdition,
    IReadOnlyList<string> Options,
    int ImagesScanned,
    int ImagesRedacted,
    int PixelBoxesBlanked,
    UploadSummary? Upload,
    IReadOnlyList<DestinationSummary> Destinations,
    IReadOnlyList<int> CsvLinesWithoutImages,
    int CsvLinesWithoutImagesCount,
    IReadOnlyList<ReportedFile> NotStored,
    int NotStoredCount,
    IReadOnlyList<ReasonCount> NotStoredReasons,
    string? NotStoredPaths,
    string? NotStoredNote)
{
    /// <summary>The name of the audit folder's file that lists the numbered files with their input paths.</summary>
    public const string NotStoredFileName = "not-stored.csv";

    /// <summary>The start of <see cref="NotStoredNote"/>: why the files are numbered.</summary>
    public const string NumberedNote = "Files not stored are numbered as in report.json, not named: input file and folder names can hold patients' names. ";

    /// <param name="report">The run's report.</param>
    /// <param name="listedItems">How many items of each list to keep.</param>
    /// <param name="orthancFirst">Whether the job sent to the sample's Orthanc, which the runner put first among its destinations.</param>
    /// <param name="auditDirectory">The job's audit folder, or null when the app has none.</param>
    public static ReportSummary From(ProcessingReport report, int listedItems, bool orthancFirst, string? auditDirectory)
    {
        // The sample's Orthanc is the run's first destination when the job uploads; it has its own summary on the page. By
        // position, not by name: a configured orthanc+http:// destination may name the same server.
        var upload = orthancFirst && report.Destinations.Count > 0 ? report.Destinations[0] : null;
        var paths = report.Anonymized && report.NotStored.Count > 0 && auditDirectory is not null
            ? Path.Combine(auditDirectory, NotStoredFileName)
            : null;
        return new(
        report.Anonymized,
        report.ProfileEdition,
        report.Options,
        report.ImagesScanned,
        report.ImagesRedacted,
        report.PixelBoxesBlanked,
        upload is null ? null : UploadSummary.From(upload),
        [.. report.Destinations.Skip(upload is null ? 0 : 1).Select(DestinationSummary.From)],
        [.. report.CsvLinesWithoutImages.Take(listedItems)],
        report.CsvLinesWithoutImages.Count,
        [.. report.NotStored.Take(listedItems).Select((file, i) => report.Anonymized ? Numbered(file, i + 1) : file)],
        report.NotStored.Count,
        [.. report.NotStored.GroupBy(file => (file.Outcome, file.Reason))
            .Select(group => new ReasonCount(group.Key.Outcome, group.Key.Reason, group.Count()))
            .OrderByDescending(reason => reason.Count)
            .Take(listedItems)],
        paths,
        report.Anonymized && report.NotStored.Count > 0 ? NoteFor(paths) : null);
    }

    /// <summary>A file as a de-identified report names it: by its place in the whole list, files that are not DICOM included.</summary>
    private static ReportedFile Numbered(ReportedFile file, int number) =>
        file with { Path = FormattableString.Invariant($"input file #{number}") };

    /// <summary>Where the numbered files' paths are, in words: the audit folder's list, or nowhere.</summary>
    private static string NoteFor(string? notStoredPaths) =>
        NumberedNote
        + (notStoredPaths is null
            ? "Their paths are not kept: this app has no audit folder (DicomPipeline:Output:AuditDirectory)."
            : $"Their paths are listed in {notStoredPaths} (the job's audit folder).");
}

/// <summary>How many files were not stored for one outcome and reason.</summary>
internal sealed record ReasonCount(FileOutcome Outcome, string Reason, int Count);

/// <summary>
/// The upload in the page's words: counts, and when it stopped, why in a few words (server unreachable, credentials
/// refused, or the server's error) rather than the library's sentence, which is written for the console.
/// </summary>
internal sealed record UploadSummary(string Server, int Uploaded, int AlreadyPresent, int NotUploaded, string? Problem)
{
    public static UploadSummary From(DestinationReport upload) => new(
        upload.Destination,
        upload.Sent,
        upload.AlreadyPresent,
        upload.Refused + upload.NotSent,
        upload.Error switch
        {
            null => null,
            { } error when error.Contains("not reachable", StringComparison.OrdinalIgnoreCase) => "server unreachable",
            { } error when error.Contains("authentication", StringComparison.OrdinalIgnoreCase) => "the server refused the credentials",
            _ => "the server reported an error",
        });
}

/// <summary>
/// Sending to one configured destination: its name (the address without credentials), the counts, and the first reason an
/// instance was not sent (the library's line, which names the destination and the protocol's reason, never a value of a file).
/// </summary>
internal sealed record DestinationSummary(string Destination, int Sent, int AlreadyPresent, int Refused, int NotSent, string? Problem)
{
    public static DestinationSummary From(DestinationReport sent) =>
        new(sent.Destination, sent.Sent, sent.AlreadyPresent, sent.Refused, sent.NotSent, sent.Error);
}

/// <summary>One line of <c>GET /jobs</c>: enough to find a job again after a reload.</summary>
internal sealed record JobListItem(
    Guid JobId,
    JobState State,
    string Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string InputDirectory,
    string? CsvName,
    string Deidentification,
    string StatusUrl)
{
    public static JobListItem From(JobView view) =>
        new(view.JobId, view.State, view.Outcome, view.CreatedAt, view.FinishedAt, view.InputDirectory, view.CsvName, view.Deidentification, "/jobs/" + view.JobId.ToString());

    /// <summary>The line of a job, also of one finished before a restart (whose view is kept, not made).</summary>
    public static JobListItem From(WebJob job, int listedItems) =>
        job.StoredOutcome is { } outcome && job.StoredView is not null
            ? new(job.Id, job.State, outcome, job.CreatedAt, job.FinishedAt, job.Request.InputDirectory, job.Request.CsvName, JobView.DeidentificationOf(job.Request), "/jobs/" + job.Id.ToString())
            : From(JobView.From(job, listedItems));
}

/// <summary>What <c>POST /upload-dicom</c> answers with 202.</summary>
internal sealed record JobAccepted(Guid JobId, string StatusUrl);
