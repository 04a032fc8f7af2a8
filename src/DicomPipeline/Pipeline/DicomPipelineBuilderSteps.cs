using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Destinations;
using DicomPipeline.Loading;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using DicomPipeline.Verification;

namespace DicomPipeline;

/// <summary>
/// The steps of a <see cref="DicomPipelineBuilder"/>, each with its options type: load, de-identify, merge a CSV,
/// store, verify, send. They run in that order whatever order they are added in.
/// </summary>
public static class DicomPipelineBuilderSteps
{
    /// <summary>Reads a folder, recursively: the folder a run reads unless it names another.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The input folder.</param>
    /// <param name="configure">Loader settings, optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The folder name is empty.</exception>
    /// <exception cref="InvalidOperationException">The loader is set to read headers only.</exception>
    public static DicomPipelineBuilder LoadFrom(this DicomPipelineBuilder builder, string directory, Action<DicomLoaderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var options = new DicomLoaderOptions();
        configure?.Invoke(options);
        builder.Load(options);
        builder.DefaultInput = directory;
        return builder;
    }

    /// <summary>Reads each run's input folder with these loader settings.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The loader settings; copied.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The loader is set to read headers only.</exception>
    public static DicomPipelineBuilder Load(this DicomPipelineBuilder builder, DicomLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.HeaderOnly)
        {
            throw new InvalidOperationException(DicomPipelineBuilder.HeaderOnlyRefused);
        }

        return builder.Add(new LoadStep(new FolderDicomLoader(options)));
    }

    /// <summary>De-identifies every instance with the PS3.15 Basic Profile and the options set here.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the secret and the profile options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options have no secret, a secret too short, or a malformed site rule.</exception>
    public static DicomPipelineBuilder Anonymize(this DicomPipelineBuilder builder, Action<AnonymizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AnonymizationOptions();
        configure(options);
        return builder.Deidentify(options);
    }

    /// <summary>De-identifies every instance with the PS3.15 Basic Profile and these options.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The secret and the profile options; copied.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The options have no secret, a secret too short, or a malformed site rule.</exception>
    public static DicomPipelineBuilder Deidentify(this DicomPipelineBuilder builder, AnonymizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Snapshot();
        var anonymizer = new ConfidentialityProfileAnonymizer(snapshot);
        return builder.Add(new DeidentifyStep(Anonymizers.PerRun(snapshot, () => anonymizer)));
    }

    /// <summary>
    /// Joins a clinical CSV: its key column (default <c>OriginalPatientID</c>) is matched against an attribute of the
    /// original instance (default <c>PatientID</c>); DICOM-keyword columns are written into the instance after
    /// de-identification, the other columns go to <c>manifest.csv</c>. The whole CSV is checked before anything is
    /// written. A run may name another CSV (<see cref="PipelineRequest.CsvPath"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The CSV file.</param>
    /// <param name="configure">Key column, match attribute, delimiter, policy for images without a row; optional.</param>
    /// <returns>The builder.</returns>
    public static DicomPipelineBuilder MergeCsv(this DicomPipelineBuilder builder, string path, Action<CsvMergeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new CsvMergeOptions();
        configure?.Invoke(options);
        return builder.Add(new MergeCsvStep(new CsvLookupTableLoader(), path, options));
    }

    /// <summary>Keeps processed files in a folder, and optionally the original → pseudonym map in another.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The output folder; must not be inside the input folder.</param>
    /// <param name="auditDirectory">The audit folder, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static DicomPipelineBuilder SaveTo(this DicomPipelineBuilder builder, string directory, string? auditDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return builder.Store(new OutputOptions { Directory = directory, AuditDirectory = auditDirectory });
    }

    /// <summary>Keeps processed files, the manifest, the report and the audit map as <paramref name="options"/> say, through <paramref name="store"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The output and audit folders; copied. A run may name others.</param>
    /// <param name="store">The store that owns the output folder; the folder store when null.</param>
    /// <returns>The builder.</returns>
    public static DicomPipelineBuilder Store(this DicomPipelineBuilder builder, OutputOptions options, IProcessedStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var copy = new OutputOptions { Directory = options.Directory, AuditDirectory = options.AuditDirectory };
        return builder.Add(new StoreStep(store ?? new FolderProcessedStore(), copy));
    }

    /// <summary>
    /// Checks every stored instance against its original for identifying data that survived de-identification, with
    /// the built-in verifier; an instance with findings is moved to the quarantine folder, counted as held back and not
    /// sent. Needs <see cref="Anonymize"/> or <see cref="Deidentify"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The quarantine folder and whether dates were shifted; optional.</param>
    /// <returns>The builder.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public static DicomPipelineBuilder Verify(this DicomPipelineBuilder builder, Action<VerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new VerificationOptions();
        configure?.Invoke(options);
        return builder.Verify(new DeidentificationVerifier(options), options.QuarantineDirectory);
    }

    /// <summary>As <see cref="Verify(DicomPipelineBuilder, Action{VerificationOptions}?)"/>, with a verifier of your own.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="verifier">The check.</param>
    /// <param name="quarantineDirectory">Where instances with findings go; by default the output folder's name with <c>-quarantine</c>, beside it.</param>
    /// <returns>The builder.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first, required parameter; none differs only in optional ones.")]
    public static DicomPipelineBuilder Verify(this DicomPipelineBuilder builder, IDeidentificationVerifier verifier, string? quarantineDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(verifier);
        return builder.Add(new VerifyStep(verifier, quarantineDirectory));
    }

    /// <summary>
    /// Sends every stored instance to the destination at <paramref name="uri"/>, in batches, while the run goes on:
    /// <c>dicom://CALLED_AE@host:port</c> (C-STORE), <c>dicomweb+http(s)://host/root</c> (STOW-RS) or
    /// <c>orthanc+http(s)://host:port</c>. The options are checked here; the pipeline owns the destination and
    /// disposes it when it is disposed.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="uri">The destination's address.</param>
    /// <param name="configure">Sets credentials, parallelism, batch size and timeouts; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The address or an option is not valid (the message never holds a password).</exception>
    public static DicomPipelineBuilder SendTo(this DicomPipelineBuilder builder, string uri, Action<DestinationOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var options = new DestinationOptions { Uri = uri };
        configure?.Invoke(options);
        return builder.SendTo(options);
    }

    /// <summary>As <see cref="SendTo(DicomPipelineBuilder, string, Action{DestinationOptions}?)"/>, from options.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The destination's address and settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The address or an option is not valid (the message never holds a password).</exception>
    public static DicomPipelineBuilder SendTo(this DicomPipelineBuilder builder, DestinationOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ThrowIfBuilt();
        return builder.AddDestination(new DicomDestinationFactory().Create(options), owned: true);
    }

    /// <summary>
    /// Sends every stored instance to <paramref name="destination"/>; the report lists the outcome there. The caller
    /// keeps ownership of the destination and disposes it after the pipeline's last run.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="destination">A destination made by <see cref="DicomDestinationFactory"/>, or one of your own.</param>
    /// <returns>The builder.</returns>
    public static DicomPipelineBuilder SendTo(this DicomPipelineBuilder builder, IDicomDestination destination)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(destination);
        return builder.AddDestination(destination, owned: false);
    }
}
