namespace DicomPipeline.Web;

/// <summary>The <c>DicomPipeline:Limits</c> section.</summary>
internal sealed class WebLimits
{
    /// <summary>The largest clinical CSV accepted, in bytes (10 MB by default); larger uploads get 413.</summary>
    public long MaxCsvBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many jobs run at the same time (1 by default).</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>How many jobs may wait for a turn; when full, new posts get 503.</summary>
    public int MaxQueuedJobs { get; set; } = 16;

    /// <summary>How many jobs are remembered for <c>GET /jobs/{id}</c>; the oldest finished ones are forgotten first.</summary>
    public int MaxRetainedJobs { get; set; } = 100;

    /// <summary>How many studies <c>GET /studies</c> describes (it always counts them all).</summary>
    public int MaxListedStudies { get; set; } = 500;

    /// <summary>
    /// How many files a job counts in its folder before it starts, so its page shows "N of M files" from the first file
    /// (100,000 by default); a folder with more says "more than" this until the walk has found them all.
    /// </summary>
    public int MaxCountedFiles { get; set; } = 100_000;

    /// <summary>How long <c>GET /health</c> waits for Orthanc.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Room for the form fields and multipart framing beside the CSV.</summary>
    public const long FormOverheadBytes = 64 * 1024;
}
