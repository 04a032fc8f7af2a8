using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Destinations;
using DicomPipeline.Loading;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using DicomPipeline.Verification;
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
    /// <see cref="IProcessedStore"/>, <see cref="ICsvLookupTableLoader"/>, <see cref="IOrthancClient"/>, <see cref="IDicomPipeline"/>) unless already registered, binds
    /// <see cref="DicomPipelineOptions"/> from the configuration section <c>DicomPipeline</c> when an
    /// <see cref="IConfiguration"/> is registered, and validates the options when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options after binding, optional.</param>
    /// <returns>A builder for further steps.</returns>
    public static IDicomPipelineServicesBuilder AddDicomPipeline(this IServiceCollection services, Action<DicomPipelineOptions>? configure = null)
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
        services.TryAddSingleton<ICsvLookupTableLoader, CsvLookupTableLoader>();
        services.TryAddSingleton<DicomPipeline.Verification.IDeidentificationVerifier>(sp => new DicomPipeline.Verification.DeidentificationVerifier(new() { DatesShifted = sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Anonymization.RetainLongitudinalModifiedDates }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<OrthancOptions>, ConfigureOrthancFromConfiguration>());
        if (!services.Any(d => d.ServiceType == typeof(IOrthancClient)))
        {
            OrthancRegistration.AddOrthancClient(services);
        }

        services.TryAddSingleton<IDicomPipeline>(sp =>
        {
            var value = sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;
            return new DicomPipelineRunner(
                sp.GetRequiredService<IDicomLoader>(),
                Anonymizers.PerRun(value.Anonymization, sp.GetRequiredService<IAnonymizer>),
                value.Anonymization,
                sp.GetRequiredService<IProcessedStore>(),
                sp.GetRequiredService<ICsvLookupTableLoader>(),
                value.MaxParallelism,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<DicomPipelineRunner>>(),
                () => CreateOrthancDestination(sp),
                sp.GetService<IDeidentificationVerifier>());
        });

        return new DicomPipelineServicesBuilder(services);
    }

    /// <summary>Sets the Orthanc server the pipeline uploads to and the chores talk to (<c>DicomPipeline:Orthanc</c>).</summary>
    /// <param name="builder">The builder <c>AddDicomPipeline</c> returned.</param>
    /// <param name="configure">Sets base URL, credentials, timeout, upload parallelism.</param>
    /// <returns>The same builder.</returns>
    public static IDicomPipelineServicesBuilder ConfigureOrthanc(this IDicomPipelineServicesBuilder builder, Action<OrthancOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// The Orthanc destination of a run that uploads. The Orthanc options are read here, not when the pipeline is made,
    /// so a bad Orthanc section does not break runs that never upload.
    /// </summary>
    private static OrthancDestination CreateOrthancDestination(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<OrthancOptions>>().Value;
        return new OrthancDestination(provider.GetRequiredService<IOrthancClient>(), options.GetDisplayUrl(), options.UploadParallelism);
    }

    /// <summary>Binds <c>DicomPipeline:Orthanc</c> when the container has a configuration.</summary>
    private sealed class ConfigureOrthancFromConfiguration(IServiceProvider provider) : IConfigureOptions<OrthancOptions>
    {
        public void Configure(OrthancOptions options) =>
            provider.GetService<IConfiguration>()?.GetSection(OrthancOptions.SectionName).Bind(options);
    }

    /// <summary>Binds the <c>DicomPipeline</c> section when the container has a configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider provider) : IConfigureOptions<DicomPipelineOptions>
    {
        public void Configure(DicomPipelineOptions options) =>
            provider.GetService<IConfiguration>()?.GetSection(DicomPipelineOptions.SectionName).Bind(options);
    }
}
