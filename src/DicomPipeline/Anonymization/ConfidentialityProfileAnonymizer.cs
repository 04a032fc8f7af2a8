using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The PS3.15 Basic Application Level Confidentiality Profile with its options, driven by the generated Table E.1-1.
/// Stateless after construction (each call works on its own <see cref="AnonymizationRun"/>), so one instance serves
/// every file and thread.
/// </summary>
internal sealed class ConfidentialityProfileAnonymizer : IAnonymizer
{
    private readonly AnonymizationOptions _options;
    private readonly ConfidentialityProfileActions _actions;
    private readonly PseudonymGenerator _pseudonyms;

    /// <summary>Creates the anonymizer; the options are copied.</summary>
    /// <exception cref="InvalidOperationException">The options have no secret, or are contradictory.</exception>
    public ConfidentialityProfileAnonymizer(AnonymizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options.Snapshot();
        _actions = new ConfidentialityProfileActions(_options);
        _pseudonyms = new PseudonymGenerator(_options.Secret!);
    }

    /// <inheritdoc/>
    public AnonymizationResult Anonymize(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var run = new AnonymizationRun(_options, _actions, _pseudonyms, file.Dataset);
        var dataset = run.Execute();

        string? heldBack = null;
        if (!_options.AllowBurnedInAnnotation
            && string.Equals(file.Dataset.GetString(DicomTag.BurnedInAnnotation)?.Trim(), "YES", StringComparison.OrdinalIgnoreCase))
        {
            heldBack = "Burned In Annotation (0028,0301) is YES: this profile does not remove text burned into the pixels. " +
                "Set AllowBurnedInAnnotation to pass such images on.";
        }

        // Fresh file meta: the source's may hold AE titles or private information; the writer fills in the UIDs.
        var output = new DicomFile(new DicomDataset(), dataset, file.TransferSyntax, file.SourcePath);
        return new AnonymizationResult(output, heldBack, run.Identities);
    }
}
