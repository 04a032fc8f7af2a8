namespace DicomPipeline.Web;

/// <summary>The <c>DicomPipeline:Web</c> section: who may use the app, where it keeps uploads, how long outputs stay.</summary>
internal sealed class WebSettings
{
    /// <summary>
    /// The key scripts send in <c>X-Api-Key</c> and people type into the page once per session. Without one, the app
    /// makes a random key at start and prints it to its console; it refuses to listen beyond loopback without one.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Where uploaded CSVs wait for their job, in folders only this user can read (0700, files 0600); a new folder under
    /// the system's temporary folder when not set.
    /// </summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Origins the page is served from besides the addresses the app listens on, e.g. <c>https://dicom.example.org</c>
    /// behind a reverse proxy. A change from any other origin is refused.
    /// </summary>
    public IList<string> PublicOrigins { get; } = new List<string>();

    /// <summary>How long a session cookie stays valid after the key is entered on the page (12 hours by default).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the token of a delete-all dry run may be used (2 minutes by default); it is used once.</summary>
    public TimeSpan DeleteTokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many items of each list a job view shows; the full lists are in the job's <c>report.json</c>.</summary>
    public int ListedItems { get; set; } = 50;

    /// <summary>
    /// Wrong keys (on the page or in <c>X-Api-Key</c>) one client address may try within <see cref="WrongKeyWindow"/>
    /// before every key it sends, the right one included, gets 429 until the window has passed (10 by default).
    /// </summary>
    public int MaxWrongKeys { get; set; } = 10;

    /// <summary>The window <see cref="MaxWrongKeys"/> counts in (1 minute by default).</summary>
    public TimeSpan WrongKeyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: behind a
    /// TLS-terminating proxy the session cookie is then marked <c>Secure</c>, and wrong keys are counted per client, not
    /// per proxy. Empty (the default): the headers are ignored, so no client can claim another address or HTTPS.
    /// </summary>
    public IList<string> TrustedProxies { get; } = new List<string>();

    /// <summary>
    /// The SQLite file the jobs are kept in, so a restart keeps them (finished ones with their reports, queued ones to
    /// run, running ones marked interrupted); <c>data/jobs.db</c> in the app's content root (its folder) when not set.
    /// </summary>
    public string? JobDatabase { get; set; }

    /// <summary>How many job outputs are kept, and for how long.</summary>
    public JobRetention Retention { get; set; } = new();
}
