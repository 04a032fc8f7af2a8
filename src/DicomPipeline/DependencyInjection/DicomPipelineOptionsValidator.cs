using DicomPipeline;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Checks the options when the host starts, so a bad configuration fails before any file is touched.</summary>
internal sealed class DicomPipelineOptionsValidator : IValidateOptions<DicomPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomPipelineOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Output.Directory))
        {
            failures.Add("DicomPipeline:Output:Directory must name a folder.");
        }

        if (options.Loader.HeaderOnly)
        {
            failures.Add("DicomPipeline:Loader:HeaderOnly: " + DicomPipelineBuilder.HeaderOnlyRefused);
        }

        if (options.MaxParallelism < 0)
        {
            failures.Add("DicomPipeline:MaxParallelism must be 0 (one per core) or more.");
        }

        if (options.Anonymization.RetainLongitudinalFullDates && options.Anonymization.RetainLongitudinalModifiedDates)
        {
            failures.Add("DicomPipeline:Anonymization: RetainLongitudinalFullDates and RetainLongitudinalModifiedDates exclude each other.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
