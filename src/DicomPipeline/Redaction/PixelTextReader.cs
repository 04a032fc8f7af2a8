using System.Collections.Concurrent;
using DicomPipeline.Dicom;
using DicomPipeline.Imaging;

namespace DicomPipeline.Redaction;

/// <summary>
/// Reads the text of every frame of a stored image for verification (<c>verify --pixels</c>): the whole frame in both
/// polarities, then the glyph regions, all from the frame's full range of values to 8 bits (not the file's window the
/// redactor uses), so a miss of one preparation is not simply repeated by the other. Safe to share between threads:
/// one engine per worker, pooled.
/// </summary>
internal sealed class PixelTextReader : IDisposable
{
    private readonly Func<ITextDetector> _detectorFactory;
    private readonly ConcurrentBag<ITextDetector> _detectors = [];

    public PixelTextReader(Func<ITextDetector>? detectorFactory = null)
    {
        _detectorFactory = detectorFactory ?? (() => new TesseractTextDetector());
    }

    /// <summary>
    /// The text read in each frame of <paramref name="file"/> (index 0 first), or null with <paramref name="reason"/>
    /// (one line, no patient data) when its pixels cannot be decoded or OCR cannot run. No pixel data: no frame.
    /// </summary>
    public IReadOnlyList<string>? Read(DicomFile file, out string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        reason = null;
        if (!file.Dataset.Contains(DicomTag.PixelData))
        {
            return [];
        }

        var frames = FrameSource.Open(file.Dataset, file.TransferSyntax, out var openReason);
        if (frames is null)
        {
            reason = openReason;
            return null;
        }

        ITextDetector detector;
        try
        {
            detector = _detectors.TryTake(out var pooled) ? pooled : _detectorFactory();
        }
        catch (PixelCodecException ex)
        {
            reason = ex.Message;
            return null;
        }

        try
        {
            var redactor = new FrameRedactor(detector);
            var texts = new List<string>(frames.FrameCount);
            for (var f = 0; f < frames.FrameCount; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = frames.Decode(f);
                // The whole frame, and then the regions of glyphs: on a busy background (ultrasound speckle, noise)
                // Tesseract's page analysis of the whole frame reads nothing at all, as it does for the Presidio-style
                // script, while the same text cut out with its surroundings is read.
                var lines = redactor.ReadWholeFrame(frame, frames.Description, file.Dataset, FramePreparation.Mode.FullRange, cancellationToken)
                    .Concat(redactor.FindLines(frame, frames.Description, file.Dataset, FramePreparation.Mode.FullRange, cancellationToken));
                texts.Add(string.Join('\n', lines.Select(l => l.Text)));
            }

            return texts;
        }
        catch (PixelCodecException ex)
        {
            reason = ex.Message;
            return null;
        }
        finally
        {
            _detectors.Add(detector);
        }
    }

    public void Dispose()
    {
        while (_detectors.TryTake(out var detector))
        {
            detector.Dispose();
        }
    }
}
