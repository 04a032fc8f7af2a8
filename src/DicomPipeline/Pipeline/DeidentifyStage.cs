using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Pipeline;

/// <summary>De-identifies each instance; one the profile holds back, or cannot de-identify, leaves the run here.</summary>
/// <param name="anonymizer">The run's anonymizer.</param>
/// <param name="outcomes">The run's counts.</param>
/// <param name="ownsInstances">
/// No later stage reads the instance as it was read: the profile may de-identify it in place instead of on a copy (the
/// copy of an enhanced multi-frame header is megabytes that every collection it lives through moves again).
/// </param>
internal sealed class DeidentifyStage(IAnonymizer anonymizer, RunOutcomes outcomes, bool ownsInstances) : IPipelineStage
{
    public string Name => "deidentify";

    public ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        AnonymizationResult result;
        try
        {
            result = ownsInstances && anonymizer is ConfidentialityProfileAnonymizer profile
                ? profile.AnonymizeOwned(item.File)
                : anonymizer.Anonymize(item.File);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or DicomFormatException or IOException)
        {
            outcomes.Fail(item.Path, "de-identification failed: " + ex.GetType().Name);
            return ValueTask.FromResult(false);
        }

        outcomes.Swept(result.Swept);
        if (result.IsHeldBack)
        {
            outcomes.HoldBack(item.Path, result.HeldBackReason!);
            return ValueTask.FromResult(false);
        }

        if (result.PixelCleaning is { } pixels)
        {
            outcomes.CountPixels(pixels.FramesScanned, pixels.BoxesBlanked);
        }

        item.File = result.File;
        item.Identities = result.Identities;
        return ValueTask.FromResult(true);
    }
}
