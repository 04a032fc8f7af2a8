using DicomPipeline.Pipeline;
using DicomPipeline.Storage;

namespace DicomPipeline.Web.Jobs;

/// <summary>What <c>GET /jobs/{id}</c> answers.</summary>
internal sealed record JobView(
    Guid JobId,
    JobState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool Anonymize,
    bool HasCsv,
    JobProgressView Progress,
    string? Error,
    JobResultView? Result)
{
    public static JobView From(WebJob job)
    {
        var progress = job.Progress;
        var result = job.Result;
        return new JobView(
            job.Id,
            job.State,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            job.Request.Anonymize,
            job.Request.CsvPath is not null,
            new JobProgressView(progress.Found, progress.Handled, progress.Stored, progress.Skipped, progress.HeldBack, progress.Failed, progress.Uploaded),
            job.Error,
            result is null ? null : new JobResultView(
                result.OutputDirectory,
                Math.Round(result.Elapsed.TotalSeconds, 2),
                result.FilesFound,
                result.Stored,
                result.Skipped,
                result.HeldBack,
                result.Failed,
                result.IsComplete,
                result.Report));
    }
}

/// <summary>Counts so far.</summary>
internal sealed record JobProgressView(int Found, int Handled, int Stored, int Skipped, int HeldBack, int Failed, int Uploaded);

/// <summary>The pipeline's result: the counts and the whole report (files not stored with reasons, the upload, CSV lines without images).</summary>
internal sealed record JobResultView(
    string OutputDirectory,
    double ElapsedSeconds,
    int FilesFound,
    int Stored,
    int Skipped,
    int HeldBack,
    int Failed,
    bool IsComplete,
    ProcessingReport Report);

/// <summary>What <c>POST /upload-dicom</c> answers with 202.</summary>
internal sealed record JobAccepted(Guid JobId, string StatusUrl);
