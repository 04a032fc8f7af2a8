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
    /// <see cref="DicomPipelineOptions"/> from the configuration section <c>DicomPipeline</c> and <see cref="OrthancOptions"/>
    /// from <c>DicomPipeline:Orthanc</c> when an <see cref="IConfiguration"/> is already registered (as a host's is), and
    /// validates both when the host starts: the anonymization secret among them, unless
    /// <see cref="DicomPipelineOptions.RequireSecret"/> is off.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options after binding, optional.</param>
    /// <returns>A builder for further steps.</returns>
    public static IDicomPipelineServicesBuilder AddDicomPipeline(this IServiceCollection services, Action<DicomPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Bound from the configuration the host registered (hosts register theirs before the app's services); without
        // one, the options are the defaults and what configure sets.
        var bind = services.Any(d => d.ServiceType == typeof(IConfiguration));
        var options = services.AddOptions<DicomPipelineOptions>();
        if (bind)
        {
            options.BindConfiguration(DicomPipelineOptions.SectionName);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomPipelineOptions>, DicomPipelineOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomPipelineOptions>, DicomPipelineOptionsValidator>());
        options.ValidateOnStart();

        // Checked when a host starts, like the pipeline's options. In a container without a host (a console program) they
        // are checked when first read, which only a run that uploads does (CreateOrthancDestination), so there a bad
        // Orthanc section does not stop the runs that never upload.
        var orthanc = services.AddOptions<OrthancOptions>();
        if (bind)
        {
            orthanc.BindConfiguration(OrthancOptions.SectionName);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrthancOptions>, OrthancOptionsValidator>());
        orthanc.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDicomLoader>(sp => new FolderDicomLoader(sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Loader));
        services.TryAddSingleton<IAnonymizer>(sp => new ConfidentialityProfileAnonymizer(sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Anonymization));
        services.TryAddSingleton<IProcessedStore, FolderProcessedStore>();
        services.TryAddSingleton<ICsvLookupTableLoader, CsvLookupTableLoader>();
        services.TryAddSingleton<DicomPipeline.Verification.IDeidentificationVerifier>(sp => new DicomPipeline.Verification.DeidentificationVerifier(new() { DatesShifted = sp.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Anonymization.RetainLongitudinalModifiedDates }));
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
        services.TryAddTransient<DicomPipeline.Receiving.IDicomReceiver>(sp => new DicomPipeline.Receiving.DicomReceiver(
            sp.GetRequiredService<IDicomPipeline>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<DicomPipeline.Receiving.DicomReceiver>>()));

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
}
