using Microsoft.Extensions.Options;

namespace DicomPipeline.Orthanc;

/// <summary>Validates <see cref="OrthancOptions"/> when they are first used from the container.</summary>
internal sealed class OrthancOptionsValidator : IValidateOptions<OrthancOptions>
{
    public ValidateOptionsResult Validate(string? name, OrthancOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
