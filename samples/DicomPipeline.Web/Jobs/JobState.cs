namespace DicomPipeline.Web.Jobs;

/// <summary>Where a job is in its life; written in JSON in lower case.</summary>
internal enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
