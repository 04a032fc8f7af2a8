namespace DicomPipeline.Redaction;

/// <summary>
/// Finds text in a picture: the seam between the Clean Pixel Data redactor and an OCR engine (Tesseract 5 by default),
/// so another engine can plug in through <c>AnonymizationOptions.TextDetectorFactory</c>.
/// </summary>
/// <remarks>
/// The redactor gives the detector the parts of a frame where its own cheap pass saw strokes shaped like glyphs (never
/// frames without), as 8-bit grey pictures, dark text on light first, enlarged so glyphs are 20 to 40 pixels high. An
/// instance is used by one worker at a time: the factory is called once per worker, and the instance kept for that
/// worker's later images.
/// </remarks>
public interface ITextDetector : IDisposable
{
    /// <summary>The lines of text in <paramref name="image"/>, boxes in its own pixels; an empty list when there is none.</summary>
    /// <param name="image">The picture to read.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The lines found.</returns>
    IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default);
}
