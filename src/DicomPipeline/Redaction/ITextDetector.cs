namespace DicomPipeline.Redaction;

/// <summary>
/// Finds text in a picture: the seam between the redactor and an OCR engine (Tesseract here), so another engine can
/// plug in. An instance is used by one worker at a time; engines are made per worker.
/// </summary>
internal interface ITextDetector : IDisposable
{
    /// <summary>The lines of text in <paramref name="image"/>, boxes in its own pixels.</summary>
    IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default);
}
