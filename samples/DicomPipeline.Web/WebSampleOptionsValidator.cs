using Microsoft.Extensions.Options;

namespace DicomPipeline.Web;

/// <summary>Fails the start on limits that cannot work, naming the setting.</summary>
internal sealed class WebSampleOptionsValidator : IValidateOptions<WebSampleOptions>
{
    /// <summary>Shorter keys can be guessed; 16 characters of a random hex string are 64 bits.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, WebSampleOptions options)
    {
        var failures = new List<string>();
        var limits = options.Limits;
        if (limits.MaxCsvBytes < 1)
        {
            failures.Add("DicomPipeline:Limits:MaxCsvBytes must be at least 1.");
        }

        if (limits.MaxConcurrentJobs is < 1 or > 64)
        {
            failures.Add("DicomPipeline:Limits:MaxConcurrentJobs must be from 1 to 64.");
        }

        if (limits.MaxQueuedJobs < 1)
        {
            failures.Add("DicomPipeline:Limits:MaxQueuedJobs must be at least 1.");
        }

        if (limits.MaxRetainedJobs < 1)
        {
            failures.Add("DicomPipeline:Limits:MaxRetainedJobs must be at least 1.");
        }

        if (limits.MaxListedStudies < 1)
        {
            failures.Add("DicomPipeline:Limits:MaxListedStudies must be at least 1.");
        }

        if (limits.HealthTimeout <= TimeSpan.Zero)
        {
            failures.Add("DicomPipeline:Limits:HealthTimeout must be positive.");
        }

        var web = options.Web;
        if (web.ApiKey is { } key && key.Trim().Length < MinKeyLength)
        {
            failures.Add($"DicomPipeline:Web:ApiKey must be at least {MinKeyLength} characters (e.g. openssl rand -hex 32).");
        }

        if (web.SessionLifetime <= TimeSpan.Zero || web.DeleteTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("DicomPipeline:Web:SessionLifetime and DicomPipeline:Web:DeleteTokenLifetime must be positive.");
        }

        if (web.ListedItems < 1)
        {
            failures.Add("DicomPipeline:Web:ListedItems must be at least 1.");
        }

        if (web.Retention.MaxJobs < 1 || web.Retention.MaxAge <= TimeSpan.Zero || web.Retention.MaxBytes < 1)
        {
            failures.Add("DicomPipeline:Web:Retention: MaxJobs, MaxAge and MaxBytes must be positive.");
        }

        if (web.PublicOrigins.Any(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/"))
        {
            failures.Add("DicomPipeline:Web:PublicOrigins must hold origins such as https://dicom.example.org (scheme, host and port only).");
        }

        if (web.MaxWrongKeys < 1 || web.WrongKeyWindow <= TimeSpan.Zero)
        {
            failures.Add("DicomPipeline:Web:MaxWrongKeys must be at least 1 and DicomPipeline:Web:WrongKeyWindow positive.");
        }

        if (web.TrustedProxies.Any(proxy => !System.Net.IPAddress.TryParse(proxy, out _)))
        {
            failures.Add("DicomPipeline:Web:TrustedProxies must hold IP addresses, e.g. 127.0.0.1.");
        }

        if (limits.MaxCountedFiles < 0)
        {
            failures.Add("DicomPipeline:Limits:MaxCountedFiles must be 0 (no count ahead) or more.");
        }

        if (options.AllowedInputRoots.Any(root => !Path.IsPathFullyQualified(root)))
        {
            failures.Add("DicomPipeline:AllowedInputRoots must hold absolute folder paths.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
