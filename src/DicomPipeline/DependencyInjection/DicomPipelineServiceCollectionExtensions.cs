using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Loading;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers DicomPipeline in a service collection.</summary>
public static class DicomPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline and its seams (<see cref="IDicomLoader"/>, <see cref="IAnonymizer"/>,
    /// <see cref="IProcessedStore"/>, <see cref="ICsvMerger"/>, <see cref="IDicomPipeline"/>) unless already registered, binds
    /// <see cref="DicomPipelineOptions"/> from the configuration section <c>DicomPipeline</c> when an
    /// <see cref="IConfiguration"/> is registered, and validates the options when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options after binding, optional.</param>
    /// <returns>A builder for further steps.</returns>
    public static IDicomPipelineBuilder AddDicomPipeline(this IServiceCollection services, Action<DicomPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<DicomPipelineOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<DicomPipelineOptions>, ConfigureFromConfiguration>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomPipelineOptions>, DicomPipelineOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDicomLoader>(sp => new FolderDicomLoader(sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Loader));
        services.TryAddSingleton<IAnonymizer>(sp => new ConfidentialityProfileAnonymizer(sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Anonymization));
        services.TryAddSingleton<IProcessedStore, FolderProcessedStore>();
        services.TryAddSingleton<ICsvMerger, CsvMerger>();
        services.TryAddSingleton<IDicomPipeline>(sp =>
        {
            var value = sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;
            return new DicomPipelineRunner(
                sp.GetRequiredService<IDicomLoader>(),
                sp.GetRequiredService<IAnonymizer>,
                value.Anonymization,
                sp.GetRequiredService<IProcessedStore>(),
                sp.GetRequiredService<ICsvMerger>(),
                value.MaxParallelism,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<DicomPipelineRunner>>());
        });

        return new DicomPipelineServicesBuilder(services);
    }

    /// <summary>Binds the <c>DicomPipeline</c> section when the container has a configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider provider) : IConfigureOptions<DicomPipelineOptions>
    {
        public void Configure(DicomPipelineOptions options) =>
            provider.GetService<IConfiguration>()?.GetSection(DicomPipelineOptions.SectionName).Bind(options);
    }
}
