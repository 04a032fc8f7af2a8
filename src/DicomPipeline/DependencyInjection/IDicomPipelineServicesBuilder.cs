namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddDicomPipeline</c> returns, for further registration steps (as <c>IHttpClientBuilder</c> is for
/// <c>AddHttpClient</c>). Not to be confused with <see cref="DicomPipeline.DicomPipelineBuilder"/>, which builds a job without a container.
/// </summary>
public interface IDicomPipelineServicesBuilder
{
    /// <summary>The service collection the pipeline is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>The pipeline's name: empty for the default pipeline (<see cref="Options.Options.DefaultName"/>).</summary>
    string Name { get; }
}
