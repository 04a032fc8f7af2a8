namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The builder <c>AddDicomPipeline</c> returns.</summary>
internal sealed class DicomPipelineServicesBuilder(IServiceCollection services, string name) : IDicomPipelineServicesBuilder
{
    public IServiceCollection Services { get; } = services;

    public string Name { get; } = name;
}
