using System.Collections.Concurrent;
using DicomPipeline.Dicom;
using DicomPipeline.Imaging;

namespace DicomPipeline.Redaction;

/// <summary>
/// The Clean Pixel Data Option (PS3.15 E.3.1, CID 7050 code 113101): every frame of an image is decoded and read by
/// OCR; lines holding the instance's identifiers (or every line, with <see cref="BlankAllText"/>) and the rule regions
/// are blanked; the frames are written back losslessly. Anything that cannot be decoded or read is held back with a
/// one-line reason, never passed on unread. Safe to share between threads: each call takes its own OCR engine from a
/// pool, so there is one engine per worker.
/// </summary>
internal sealed class PixelCleaner : IDisposable
{
    private readonly Func<ITextDetector> _detectorFactory;
    private readonly ConcurrentBag<ITextDetector> _detectors = [];

    public PixelCleaner(Func<ITextDetector> detectorFactory, bool blankAllText = false, Func<DicomDataset, IReadOnlyList<PixelBox>>? ruleRegions = null)
    {
        _detectorFactory = detectorFactory;
        BlankAllText = blankAllText;
        RuleRegions = ruleRegions ?? (_ => []);
    }

    /// <summary>Blank every text line found, identifier or not (for US, SC, XC, OT, ES, where any text is suspect).</summary>
    public bool BlankAllText { get; }

    /// <summary>The regions blanked whatever OCR finds, for an instance (from rules keyed by the device).</summary>
    public Func<DicomDataset, IReadOnlyList<PixelBox>> RuleRegions { get; }

    /// <summary>
    /// Cleans the pixels of <paramref name="source"/> (as read) into <paramref name="output"/>
    /// (its de-identified dataset): Pixel Data and the attributes describing it are replaced when something was blanked,
    /// Burned In Annotation is set NO when every text line found was blanked, and the Icon Image Sequence is removed.
    /// </summary>
    public PixelCleaningResult Clean(DicomFile source, DicomDataset output, PixelIdentifiers identifiers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(identifiers);
        if (!source.Dataset.Contains(DicomTag.PixelData))
        {
            return new PixelCleaningResult(null, source.TransferSyntax, 0, 0, 0);
        }

        var frames = FrameSource.Open(source.Dataset, source.TransferSyntax, out var reason);
        if (frames is null)
        {
            return HeldBack($"Clean Pixel Data cannot read the pixels: {reason}", source);
        }

        var matcher = new TextMatcher(identifiers);
        var rules = RuleRegions(source.Dataset);
        ITextDetector detector;
        try
        {
            detector = _detectors.TryTake(out var pooled) ? pooled : _detectorFactory();
        }
        catch (PixelCodecException ex)
        {
            return HeldBack($"Clean Pixel Data cannot run OCR: {ex.Message}", source);
        }

        try
        {
            var redactor = new FrameRedactor(detector);
            var decoded = new List<PixelFrame>(frames.FrameCount);
            int boxes = 0, left = 0;
            for (var f = 0; f < frames.FrameCount; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = frames.Decode(f);
                var scan = redactor.Scan(frame, frames.Description, source.Dataset, matcher, BlankAllText, rules, cancellationToken: cancellationToken);
                FrameRedactor.Blank(frame, scan.BoxesToBlank, frames.Description);
                boxes += scan.BoxesToBlank.Count;
                left += scan.LinesLeft;
                decoded.Add(frame);
            }

            var syntax = source.TransferSyntax;
            if (boxes > 0)
            {
                syntax = PixelDataEncoder.Write(decoded, frames.Description, source.TransferSyntax, output);
                // The icon shows the unredacted image in small.
                output.Remove(DicomTag.IconImageSequence);
            }

            if (left == 0)
            {
                output.SetString(DicomTag.BurnedInAnnotation, "NO");
            }

            return new PixelCleaningResult(null, syntax, frames.FrameCount, boxes, left);
        }
        catch (PixelCodecException ex)
        {
            return HeldBack($"Clean Pixel Data cannot decode the pixels: {ex.Message}", source);
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

    private static PixelCleaningResult HeldBack(string reason, DicomFile source) => new(reason, source.TransferSyntax, 0, 0, 0);
}
