using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Destinations;
using DicomPipeline.Loading;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using DicomPipeline.Verification;
using Microsoft.Extensions.Logging;

namespace DicomPipeline;

/// <summary>
/// Builds a pipeline for a script, step by step:
/// <c>DicomPipelineBuilder.Create().LoadFrom(input).Anonymize(o =&gt; o.Secret = secret).SaveTo(output).Build()</c>.
/// Each step checks its arguments; <see cref="Build"/> checks the whole, and a builder cannot be reused after it.
/// </summary>
public sealed class DicomPipelineBuilder
{
    private readonly DicomLoaderOptions _loaderOptions = new();
    private AnonymizationOptions? _anonymization;
    private string? _input;
    private string? _output;
    private string? _audit;
    private string? _csvPath;
    private CsvMergeOptions? _csvOptions;
    private int _parallelism;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _timeProvider = TimeProvider.System;
    private OrthancOptions? _orthanc;
    private IDeidentificationVerifier? _verifier;
    private string? _quarantine;
    private readonly List<IDicomDestination> _destinations = [];
    private readonly List<IDisposable> _ownedDestinations = [];
    private bool _built;

    private DicomPipelineBuilder()
    {
    }

    /// <summary>Starts a builder.</summary>
    /// <returns>A new builder.</returns>
    public static DicomPipelineBuilder Create() => new();

    /// <summary>The folder to read, recursively.</summary>
    /// <param name="directory">The input folder.</param>
    /// <param name="configure">Loader settings, optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The folder name is empty.</exception>
    public DicomPipelineBuilder LoadFrom(string directory, Action<DicomLoaderOptions>? configure = null)
    {
        ThrowIfBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _input = directory;
        configure?.Invoke(_loaderOptions);
        return this;
    }

    /// <summary>De-identify every instance with the PS3.15 Basic Profile and the options set here.</summary>
    /// <param name="configure">Sets the secret and the profile options.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder Anonymize(Action<AnonymizationOptions> configure)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(configure);
        _anonymization = new AnonymizationOptions();
        configure(_anonymization);
        return this;
    }

    /// <summary>
    /// Joins a clinical CSV: its key column (default <c>OriginalPatientID</c>) is matched against an attribute of the
    /// original instance (default <c>PatientID</c>); DICOM-keyword columns are written into the instance after
    /// de-identification, the other columns go to <c>manifest.csv</c>. The whole CSV is checked before anything is
    /// written.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="configure">Key column, match attribute, delimiter, policy for images without a row; optional.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder MergeCsv(string path, Action<CsvMergeOptions>? configure = null)
    {
        ThrowIfBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _csvPath = path;
        _csvOptions = new CsvMergeOptions();
        configure?.Invoke(_csvOptions);
        return this;
    }

    /// <summary>Where processed files go, and optionally a separate folder for the original → pseudonym map.</summary>
    /// <param name="directory">The output folder; must not be inside the input folder.</param>
    /// <param name="auditDirectory">The audit folder, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder SaveTo(string directory, string? auditDirectory = null)
    {
        ThrowIfBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _output = directory;
        _audit = auditDirectory;
        return this;
    }

    /// <summary>
    /// Uploads every stored instance to Orthanc, a few at a time, skipping those the server already has; if the server
    /// fails, the processed files are kept and the result says how many were not uploaded.
    /// </summary>
    /// <param name="orthancUrl">The server's base URL, e.g. <c>http://localhost:8042</c>.</param>
    /// <param name="configure">Credentials, timeout, upload parallelism; optional.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder UploadTo(string orthancUrl, Action<OrthancOptions>? configure = null)
    {
        ThrowIfBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(orthancUrl);
        var options = new OrthancOptions { BaseUrl = orthancUrl };
        configure?.Invoke(options);
        _orthanc = options;
        return this;
    }

    /// <summary>
    /// Checks every stored instance for identifying data that survived de-identification; an instance with findings is
    /// moved to the quarantine folder, counted as held back and not sent. Needs <see cref="Anonymize"/>.
    /// </summary>
    /// <param name="verifier">The check.</param>
    /// <param name="quarantineDirectory">Where instances with findings go; by default the output folder's name with <c>-quarantine</c>, beside it.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder Verify(IDeidentificationVerifier verifier, string? quarantineDirectory = null)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _quarantine = quarantineDirectory;
        return this;
    }

    /// <summary>
    /// Sends every stored instance to <paramref name="destination"/> as well, in batches, while the run goes on; the
    /// report lists the outcome of each instance there. The caller keeps ownership of the destination.
    /// </summary>
    /// <param name="destination">A DICOMweb, DIMSE or Orthanc destination.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder SendTo(IDicomDestination destination)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(destination);
        _destinations.Add(destination);
        return this;
    }

    /// <summary>
    /// Sends every stored instance to the destination at <paramref name="uri"/> as well: <c>dicom://CALLED_AE@host:port</c>
    /// (C-STORE), <c>dicomweb+http(s)://host/root</c> (STOW-RS) or <c>orthanc+http(s)://host:port</c>. The options are
    /// checked here; the job disposes what it made.
    /// </summary>
    /// <param name="uri">The destination's address.</param>
    /// <param name="configure">Sets credentials, parallelism, batch size and timeouts; optional.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The address or an option is not valid (the message never holds a password).</exception>
    public DicomPipelineBuilder SendTo(string uri, Action<DestinationOptions>? configure = null)
    {
        ThrowIfBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var options = new DestinationOptions { Uri = uri };
        configure?.Invoke(options);
        var destination = new DicomDestinationFactory().Create(options);
        _destinations.Add(destination);
        if (destination is IDisposable owned)
        {
            _ownedDestinations.Add(owned);
        }

        return this;
    }

    /// <summary>How many files to process at once (default: one per core).</summary>
    /// <param name="workers">At least 1.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithParallelism(int workers)
    {
        ThrowIfBuilt();
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _parallelism = workers;
        return this;
    }

    /// <summary>Logs through the given factory (counts and reasons only; never patient data).</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithLogging(ILoggerFactory loggerFactory)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>The clock for the report's timestamps and timings.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public DicomPipelineBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        ThrowIfBuilt();
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Checks the configuration and makes the job. The builder cannot be used again.</summary>
    /// <returns>The job, ready to run.</returns>
    /// <exception cref="InvalidOperationException">
    /// No input or output folder was given, the loader reads headers only, anonymization has no secret, verification was asked without
    /// anonymization, or the builder was already built.
    /// </exception>
    /// <exception cref="ArgumentException">The Orthanc options are invalid.</exception>
    public PipelineJob Build()
    {
        ThrowIfBuilt();
        if (_input is null)
        {
            throw new InvalidOperationException("No input folder: call LoadFrom(directory) before Build().");
        }

        if (_output is null)
        {
            throw new InvalidOperationException("No output folder: call SaveTo(directory) before Build().");
        }

        if (_loaderOptions.HeaderOnly)
        {
            throw new InvalidOperationException(HeaderOnlyRefused);
        }

        if (_verifier is not null && _anonymization is null)
        {
            throw new InvalidOperationException("Verify() checks de-identified output: call Anonymize(...) as well.");
        }

        var anonymization = _anonymization ?? new AnonymizationOptions();
        IAnonymizer? anonymizer = _anonymization is null ? null : new ConfidentialityProfileAnonymizer(anonymization);
        var orthanc = _orthanc?.Snapshot();
        orthanc?.ThrowIfInvalid();
        _built = true;

        var runner = new DicomPipelineRunner(
            new FolderDicomLoader(_loaderOptions),
            Anonymizers.PerRun(anonymization, () => anonymizer ?? throw new InvalidOperationException("Anonymization was not configured.")),
            anonymization,
            new FolderProcessedStore(),
            new CsvLookupTableLoader(),
            _parallelism,
            _timeProvider,
            _loggerFactory?.CreateLogger<DicomPipelineRunner>(),
            orthanc is null ? null : () => OrthancDestination.Connect(orthanc),
            _verifier);
        var request = new PipelineRequest
        {
            InputDirectory = _input,
            OutputDirectory = _output,
            Anonymize = _anonymization is not null,
            AuditDirectory = _audit,
            CsvPath = _csvPath,
            Csv = _csvOptions,
            UploadToOrthanc = orthanc is not null,
            Verify = _verifier is not null,
            QuarantineDirectory = _quarantine,
            Destinations = [.. _destinations],
        };
        return new PipelineJob(runner, request, [.. _ownedDestinations]);
    }

    /// <summary>Why a header-only loader cannot feed the pipeline; the options validator says the same.</summary>
    internal const string HeaderOnlyRefused =
        "HeaderOnly reads no pixel data, and the pipeline stores whole instances: turn it off (it is for listing and grouping).";

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder was already built; start a new one with DicomPipelineBuilder.Create().");
        }
    }
}
