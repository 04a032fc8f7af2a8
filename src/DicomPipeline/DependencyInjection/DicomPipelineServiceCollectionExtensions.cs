using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Loading;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using DicomPipeline.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers DicomPipeline in a service collection: the default pipeline, named ones, and their seams.</summary>
public static class DicomPipelineServiceCollectionExtensions
{
    /// <summary>The section under <c>DicomPipeline</c> that named pipelines are bound from: <c>DicomPipeline:Pipelines:NAME</c>.</summary>
    public const string PipelinesSectionName = "Pipelines";

    /// <summary>
    /// Registers the default pipeline as <see cref="IDicomPipeline"/>, and its seams (<see cref="IDicomLoader"/>,
    /// <see cref="IAnonymizer"/>, <see cref="IProcessedStore"/>, <see cref="ICsvLookupTableLoader"/>,
    /// <see cref="IDeidentificationVerifier"/>) unless already registered. Its <see cref="DicomPipelineOptions"/> are
    /// bound from the configuration section <c>DicomPipeline</c> when an <see cref="IConfiguration"/> is registered (as a
    /// host's is), and validated when the host starts. What is bound is what runs: a run that names no output folder
    /// writes to <c>DicomPipeline:Output:Directory</c>, and every instance goes to each <c>DicomPipeline:Destinations</c>
    /// entry unless the run names its own destinations.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options after binding, optional.</param>
    /// <returns>A builder for further steps.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public static IDicomPipelineServicesBuilder AddDicomPipeline(this IServiceCollection services, Action<DicomPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddOptions(services, Options.Options.DefaultName, DicomPipelineOptions.SectionName, configure);
        AddSeams(services);
        services.TryAddSingleton<IDicomPipeline>(sp => Create(sp, Options.Options.DefaultName, sharedSeams: true));
        services.TryAddTransient<DicomPipeline.Receiving.IDicomReceiver>(sp => new DicomPipeline.Receiving.DicomReceiver(
            sp.GetRequiredService<IDicomPipeline>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<DicomPipeline.Receiving.DicomReceiver>>()));
        return new DicomPipelineServicesBuilder(services, Options.Options.DefaultName);
    }

    /// <summary>
    /// Registers a named pipeline, the way <c>AddHttpClient(name)</c> registers a named client: resolve it with
    /// <c>GetRequiredKeyedService&lt;IDicomPipeline&gt;(name)</c> or <c>[FromKeyedServices(name)]</c>. Its options are
    /// bound from <c>DicomPipeline:Pipelines:NAME</c> (a whole <see cref="DicomPipelineOptions"/> of its own: secret,
    /// output folder, destinations…) and validated when the host starts. It shares the store and the CSV reader with the
    /// other pipelines; its loader, anonymizer and verifier are made from its own options.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The pipeline's name: letters, digits, <c>-</c> and <c>_</c>.</param>
    /// <param name="configure">Changes to the options after binding, optional.</param>
    /// <returns>A builder for further steps.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds other characters.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public static IDicomPipelineServicesBuilder AddDicomPipeline(this IServiceCollection services, string name, Action<DicomPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"A pipeline's name is made of letters, digits, '-' and '_' (it names a configuration section); '{name}' is not.", nameof(name));
        }

        AddOptions(services, name, $"{DicomPipelineOptions.SectionName}:{PipelinesSectionName}:{name}", configure);
        AddSeams(services);
        services.AddKeyedSingleton<IDicomPipeline>(name, (sp, _) => Create(sp, name, sharedSeams: false));
        return new DicomPipelineServicesBuilder(services, name);
    }

    private static void AddOptions(IServiceCollection services, string name, string section, Action<DicomPipelineOptions>? configure)
    {
        // Bound from the configuration the host registered (hosts register theirs before the app's services); without
        // one, the options are the defaults and what configure sets.
        var options = services.AddOptions<DicomPipelineOptions>(name);
        if (services.Any(d => d.ServiceType == typeof(IConfiguration)))
        {
            options.BindConfiguration(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomPipelineOptions>, DicomPipelineOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomPipelineOptions>, DicomPipelineOptionsValidator>());
    }

    private static void AddSeams(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDicomLoader>(sp => new FolderDicomLoader(DefaultOptions(sp).Loader));
        services.TryAddSingleton<IAnonymizer>(sp => new ConfidentialityProfileAnonymizer(DefaultOptions(sp).Anonymization));
        services.TryAddSingleton<IProcessedStore, FolderProcessedStore>();
        services.TryAddSingleton<ICsvLookupTableLoader, CsvLookupTableLoader>();
        services.TryAddSingleton<IDeidentificationVerifier>(sp => new DeidentificationVerifier(new() { DatesShifted = DefaultOptions(sp).Anonymization.RetainLongitudinalModifiedDates }));
    }

    private static DicomPipelineOptions DefaultOptions(IServiceProvider provider) => provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;

    /// <summary>
    /// The pipeline of options <paramref name="name"/>. The default one uses the seams registered (an application may
    /// replace the loader, anonymizer or verifier); a named one makes those from its own options. The store and the CSV
    /// reader are shared. The anonymizer is made when a run first de-identifies, so a missing secret breaks no other run.
    /// </summary>
    private static PipelineJob Create(IServiceProvider provider, string name, bool sharedSeams)
    {
        var options = provider.GetRequiredService<IOptionsMonitor<DicomPipelineOptions>>().Get(name);
        var anonymization = options.Anonymization;
        Func<IAnonymizer> anonymizer = sharedSeams
            ? provider.GetRequiredService<IAnonymizer>
            : () => new ConfidentialityProfileAnonymizer(anonymization);
        var verifier = sharedSeams
            ? provider.GetService<IDeidentificationVerifier>()
            : new DeidentificationVerifier(new() { DatesShifted = anonymization.RetainLongitudinalModifiedDates });
        var factory = new DicomPipeline.Destinations.DicomDestinationFactory();
        var destinations = options.Destinations.Select(factory.Create).ToList();
        IReadOnlyList<PipelineStep> steps = PipelineSteps.Check(
        [
            new LoadStep(sharedSeams ? provider.GetRequiredService<IDicomLoader>() : new FolderDicomLoader(options.Loader)),
            new DeidentifyStep(Anonymizers.PerRun(anonymization, anonymizer)),
            new MergeCsvStep(provider.GetRequiredService<ICsvLookupTableLoader>(), path: null, options: null),
            new StoreStep(provider.GetRequiredService<IProcessedStore>(), options.Output),
            new VerifyStep(verifier, options.Output.QuarantineDirectory, verifyByDefault: options.Verify),
            new SendStep(destinations),
        ]);
        var runner = new DicomPipelineRunner(
            steps, options.MaxParallelism, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILogger<DicomPipelineRunner>>());
        return new PipelineJob(runner, defaultInput: null, destinations);
    }
}
