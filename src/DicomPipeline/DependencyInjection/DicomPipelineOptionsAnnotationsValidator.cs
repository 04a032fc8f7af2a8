using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The data-annotation rules of <see cref="DicomPipelineOptions"/> and its sub-options, generated at build time (no reflection).</summary>
[OptionsValidator]
internal sealed partial class DicomPipelineOptionsAnnotationsValidator : IValidateOptions<DicomPipelineOptions>
{
}
