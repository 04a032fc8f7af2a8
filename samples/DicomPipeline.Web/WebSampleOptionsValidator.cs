using Microsoft.Extensions.Options;

namespace DicomPipeline.Web;

/// <summary>Fails the start on limits that cannot work, naming the setting.</summary>
internal sealed class WebSampleOptionsValidator : IValidateOptions<WebSampleOptions>
{
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

        if (options.AllowedInputRoots.Any(root => !Path.IsPathFullyQualified(root)))
        {
            failures.Add("DicomPipeline:AllowedInputRoots must hold absolute folder paths.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
