using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Pipeline;

/// <summary>De-identifies each instance; one the profile holds back, or cannot de-identify, leaves the run here.</summary>
internal sealed class DeidentifyStage(IAnonymizer anonymizer, RunOutcomes outcomes) : IPipelineStage
{
    public string Name => "deidentify";

    public ValueTask<bool> ProcessAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        AnonymizationResult result;
        try
        {
            result = anonymizer.Anonymize(item.File);
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
