namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <c>AddDicomPipeline</c> returns, for further registration steps.</summary>
public interface IDicomPipelineBuilder
{
    /// <summary>The service collection the pipeline is registered in.</summary>
    IServiceCollection Services { get; }
}
