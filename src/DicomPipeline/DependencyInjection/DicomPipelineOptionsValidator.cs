using DicomPipeline;
using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The rules of <see cref="DicomPipelineOptions"/> that span several settings or are shared with the fluent builder, checked
/// when the host starts so a bad configuration fails before any file is touched; the single-value rules are the
/// attributes <see cref="DicomPipelineOptionsAnnotationsValidator"/> checks.
/// </summary>
internal sealed class DicomPipelineOptionsValidator : IValidateOptions<DicomPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Loader.HeaderOnly)
        {
            failures.Add("DicomPipeline:Loader:HeaderOnly: " + DicomPipelineBuilder.HeaderOnlyRefused);
        }

        if (options.Anonymization.FindProblem(requireSecret: options.RequireSecret) is { } problem)
        {
            failures.Add("DicomPipeline:Anonymization: " + problem);
        }

        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var key = FormattableString.Invariant($"{DestinationOptions.SectionName}:{i}");
            if (options.Destinations[i] is not { } destination)
            {
                failures.Add($"{key} is empty.");
            }
            else if (DestinationOptionsValidator.Check(destination) is { } error)
            {
                failures.Add($"{key}: {error}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
