using DicomPipeline.Dicom;
using DicomPipeline.Imaging;

namespace DicomPipeline.Redaction;

/// <summary>
/// Finds the text of one frame and blanks what must go. The frame is looked at as a person would (the file's window,
/// 8 bits), in both polarities (light text on dark and dark on light), and scaled up when small, so 10-pixel text
/// reaches the size the OCR engine reads best. A line holding an identifier is blanked whole, with a margin.
/// </summary>
internal sealed class FrameRedactor
{
    private readonly ITextDetector _detector;

    public FrameRedactor(ITextDetector detector)
    {
        _detector = detector;
    }

    /// <summary>The factor a whole frame is enlarged by before OCR (verification's independent pass).</summary>
    public static int ScaleFor(int columns, int rows) => Math.Max(columns, rows) switch
    {
        <= 384 => 3,
        <= 1024 => 2,
        _ => 1,
    };

    /// <summary>The factor a region whose glyphs are <paramref name="glyphHeight"/> pixels high is enlarged by, so they reach the 20 to 40 pixels Tesseract reads best.</summary>
    public static int ScaleForGlyph(int glyphHeight) => glyphHeight switch
    {
        >= 24 => 1,
        >= 10 => 2,
        >= 7 => 3,
        _ => 4,
    };

    /// <summary>Scans <paramref name="frame"/>: blanks lines <paramref name="matcher"/> accepts (all lines with <paramref name="blankAllText"/>) and <paramref name="ruleBoxes"/>.</summary>
    public FrameScan Scan(
        PixelFrame frame,
        PixelDescription description,
        DicomDataset dataset,
        TextMatcher matcher,
        bool blankAllText,
        IReadOnlyList<PixelBox> ruleBoxes,
        FramePreparation.Mode mode = FramePreparation.Mode.FileWindow,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(matcher);
        var lines = FindLines(frame, description, dataset, mode, cancellationToken);
        var boxes = new List<PixelBox>(ruleBoxes);
        var left = 0;
        foreach (var line in lines)
        {
            if (blankAllText || matcher.Matches(line.Text))
            {
                var margin = 2 + (line.Box.Height / 5);
                boxes.Add(line.Box.Inflate(margin, frame.Columns, frame.Rows));
            }
            else
            {
                left++;
            }
        }

        return new FrameScan(lines, boxes, left);
    }

    /// <summary>
    /// The text lines of the frame, in the frame's own pixels. OCR reads only the regions <see cref="TextRegionFinder"/>
    /// marks (none: no OCR at all), each enlarged by its own glyph height, first as dark text on light (the polarity
    /// Tesseract reads best), then in the other polarity only when the first reading found nothing.
    /// </summary>
    public IReadOnlyList<TextLine> FindLines(PixelFrame frame, PixelDescription description, DicomDataset dataset, FramePreparation.Mode mode, CancellationToken cancellationToken)
    {
        var gray = FramePreparation.ToGray(frame, description, dataset, mode);
        var lines = new List<TextLine>();
        foreach (var region in TextRegionFinder.Find(gray))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var crop = gray.Crop(region.Box);
            var scale = ScaleForGlyph(region.GlyphHeight);
            var found = Read(region.LightText ? crop.Inverted() : crop, region.Box, scale, cancellationToken);
            if (found.Count == 0)
            {
                found = Read(region.LightText ? crop : crop.Inverted(), region.Box, scale, cancellationToken);
            }

            AddDistinct(lines, found);
        }

        return lines;
    }

    /// <summary>
    /// The text lines of the whole frame read in both polarities, enlarged by the frame's size, with no region pass:
    /// slower, and a different preparation from <see cref="FindLines"/>, for verification to check the redactor with.
    /// </summary>
    public IReadOnlyList<TextLine> ReadWholeFrame(PixelFrame frame, PixelDescription description, DicomDataset dataset, FramePreparation.Mode mode, CancellationToken cancellationToken)
    {
        var gray = FramePreparation.ToGray(frame, description, dataset, mode);
        var scale = ScaleFor(gray.Width, gray.Height);
        var whole = new PixelBox(0, 0, gray.Width, gray.Height);
        var lines = new List<TextLine>();
        foreach (var picture in new[] { gray, gray.Inverted() })
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddDistinct(lines, Read(picture, whole, scale, cancellationToken));
        }

        return lines;
    }

    private List<TextLine> Read(GrayImage picture, PixelBox origin, int scale, CancellationToken cancellationToken)
    {
        var lines = new List<TextLine>();
        foreach (var line in _detector.Detect(picture.Scaled(scale), cancellationToken))
        {
            var words = line.Words.Select(w => w with { Box = w.Box.Unscale(scale).Offset(origin.Left, origin.Top) }).ToList();
            lines.Add(new TextLine(line.Box.Unscale(scale).Offset(origin.Left, origin.Top), words));
        }

        return lines;
    }

    /// <summary>Adds the lines not already there: the same line read twice is kept once, but both readings when they differ (the one that matches wins).</summary>
    private static void AddDistinct(List<TextLine> lines, IEnumerable<TextLine> found)
    {
        foreach (var line in found)
        {
            if (!lines.Any(l => l.Box == line.Box && l.Text == line.Text))
            {
                lines.Add(line);
            }
        }
    }

    /// <summary>
    /// Sets every sample inside <paramref name="boxes"/> to black as the frame is shown: the lowest stored value for
    /// MONOCHROME2, the highest for MONOCHROME1, 0 for RGB, (0, 128, 128) for YBR, index 0 for a palette.
    /// </summary>
    public static void Blank(PixelFrame frame, IEnumerable<PixelBox> boxes, PixelDescription description)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(boxes);
        var fill = BlackFor(frame, description);
        foreach (var box in boxes)
        {
            var clipped = new PixelBox(Math.Max(0, box.Left), Math.Max(0, box.Top), Math.Min(frame.Columns, box.Right), Math.Min(frame.Rows, box.Bottom));
            for (var y = clipped.Top; y < clipped.Bottom; y++)
            {
                for (var x = clipped.Left; x < clipped.Right; x++)
                {
                    for (var s = 0; s < frame.SamplesPerPixel; s++)
                    {
                        var index = (((y * frame.Columns) + x) * frame.SamplesPerPixel) + s;
                        if (frame.BytesPerSample == 1)
                        {
                            frame.Data[index] = (byte)fill[s];
                        }
                        else
                        {
                            frame.Data[index * 2] = (byte)fill[s];
                            frame.Data[(index * 2) + 1] = (byte)(fill[s] >> 8);
                        }
                    }
                }
            }
        }
    }

    private static int[] BlackFor(PixelFrame frame, PixelDescription description)
    {
        if (frame.SamplesPerPixel == 3)
        {
            var half = frame.BytesPerSample == 1 ? 128 : 1 << (description.BitsStored - 1);
            return frame.PhotometricInterpretation.StartsWith("YBR", StringComparison.Ordinal) ? [0, half, half] : [0, 0, 0];
        }

        if (frame.PhotometricInterpretation == "PALETTE COLOR")
        {
            return [0];
        }

        // The darkest value the frame itself holds, so the blank shows black whatever window is applied.
        var bits = description.BitsAllocated == 1 ? 1 : description.BitsStored;
        var mask = (1 << bits) - 1;
        var signBit = 1 << (bits - 1);
        int? lowest = null, highest = null, lowestStored = null, highestStored = null;
        for (var i = 0; i < frame.Rows * frame.Columns; i++)
        {
            var stored = frame.GetSample(i / frame.Columns, i % frame.Columns);
            var value = stored & mask;
            if (description.IsSigned && (value & signBit) != 0)
            {
                value -= 1 << bits;
            }

            if (lowest is null || value < lowest)
            {
                lowest = value;
                lowestStored = stored;
            }

            if (highest is null || value > highest)
            {
                highest = value;
                highestStored = stored;
            }
        }

        return [frame.PhotometricInterpretation == "MONOCHROME1" ? highestStored ?? 0 : lowestStored ?? 0];
    }
}
