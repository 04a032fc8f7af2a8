namespace DicomPipeline.Redaction;

/// <summary>
/// The regions of a frame that may hold text, each already enlarged and in the polarity to read, stacked one under the
/// other on white with a gap between, so the OCR engine is called once per frame rather than once per region (each
/// call pays for the engine's page set-up and layout analysis again). Lines read in the montage are mapped back to
/// the frame's pixels through the part they fall in.
/// </summary>
internal sealed class RegionMontage
{
    /// <summary>White rows between parts: more than a line's gap, so no line is read across two parts.</summary>
    private const int Gap = 32;

    private readonly List<(PixelBox Origin, int Scale, int Top, int Height)> _parts = [];

    public RegionMontage(IReadOnlyList<(GrayImage Picture, PixelBox Origin, int Scale)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var width = parts.Max(p => p.Picture.Width) + (2 * Gap);
        var height = parts.Sum(p => p.Picture.Height + Gap) + Gap;
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        var top = Gap;
        foreach (var (picture, origin, scale) in parts)
        {
            for (var y = 0; y < picture.Height; y++)
            {
                picture.Pixels.AsSpan(y * picture.Width, picture.Width).CopyTo(pixels.AsSpan(((top + y) * width) + Gap));
            }

            _parts.Add((origin, scale, top, picture.Height));
            top += picture.Height + Gap;
        }

        Image = new GrayImage(width, height, pixels);
    }

    /// <summary>The stacked parts, ready for the detector.</summary>
    public GrayImage Image { get; }

    /// <summary>The part a line read in <see cref="Image"/> lies in (by its middle row) and the line in the frame's pixels; -1 for none.</summary>
    public (int Part, TextLine? Line) MapBack(TextLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var middle = (line.Box.Top + line.Box.Bottom) / 2;
        for (var i = 0; i < _parts.Count; i++)
        {
            var (origin, scale, top, height) = _parts[i];
            if (middle >= top && middle < top + height)
            {
                PixelBox Map(PixelBox box) => box.Offset(-Gap, -top).Unscale(scale).Offset(origin.Left, origin.Top);
                return (i, new TextLine(Map(line.Box), [.. line.Words.Select(w => w with { Box = Map(w.Box) })]));
            }
        }

        return (-1, null);
    }
}
