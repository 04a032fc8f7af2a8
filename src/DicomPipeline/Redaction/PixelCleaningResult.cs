using DicomPipeline.Dicom;

namespace DicomPipeline.Redaction;

/// <summary>What cleaning one instance's pixels did.</summary>
/// <param name="HeldBackReason">Why the instance cannot be passed on (one line, no patient data), or null.</param>
/// <param name="TransferSyntax">The syntax the output must be written in.</param>
/// <param name="FramesScanned">Frames read by OCR.</param>
/// <param name="BoxesBlanked">Rectangles blanked over all frames.</param>
/// <param name="LinesLeft">Text lines found that matched no identifier and were kept.</param>
internal sealed record PixelCleaningResult(string? HeldBackReason, DicomTransferSyntax TransferSyntax, int FramesScanned, int BoxesBlanked, int LinesLeft)
{
    public bool IsRedacted => BoxesBlanked > 0;
}
