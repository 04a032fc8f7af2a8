namespace DicomPipeline.Web.Jobs;

/// <summary>Where a job is in its life; written in JSON in lower case.</summary>
internal enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The app stopped while the job ran; it can be run again, and files already stored are skipped.</summary>
    Interrupted,
}
