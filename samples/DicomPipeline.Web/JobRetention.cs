namespace DicomPipeline.Web;

/// <summary>
/// The <c>DicomPipeline:Web:Retention</c> section: when a finished job's output folder is deleted, oldest first. The
/// newest finished output is always kept; folders that are not job outputs are never touched.
/// </summary>
internal sealed class JobRetention
{
    /// <summary>How many job outputs are kept (20 by default).</summary>
    public int MaxJobs { get; set; } = 20;

    /// <summary>How long a job output is kept after it was last written (7 days by default).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many bytes all job outputs may take together (10 GiB by default).</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// How often the rules are applied besides at start and as each job ends, so <see cref="MaxAge"/> holds while no job
    /// runs (1 hour by default).
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
