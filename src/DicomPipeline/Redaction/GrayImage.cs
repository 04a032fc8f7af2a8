namespace DicomPipeline.Redaction;

/// <summary>An 8-bit grey picture of a frame, as a person would look at it, ready for a text detector.</summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException("The pixels do not hold width × height bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row after row, one byte per pixel, 0 black.</summary>
    public byte[] Pixels { get; }

    /// <summary>The negative: light text on dark becomes dark text on light.</summary>
    public GrayImage Inverted()
    {
        var inverted = new byte[Pixels.Length];
        for (var i = 0; i < inverted.Length; i++)
        {
            inverted[i] = (byte)(255 - Pixels[i]);
        }

        return new GrayImage(Width, Height, inverted);
    }

    /// <summary>This picture <paramref name="factor"/> times larger, each pixel repeated, so small text reaches the size OCR reads best.</summary>
    public GrayImage Scaled(int factor)
    {
        if (factor == 1)
        {
            return this;
        }

        var width = Width * factor;
        var scaled = new byte[width * Height * factor];
        for (var y = 0; y < Height * factor; y++)
        {
            var source = (y / factor) * Width;
            var target = y * width;
            for (var x = 0; x < width; x++)
            {
                scaled[target + x] = Pixels[source + (x / factor)];
            }
        }

        return new GrayImage(width, Height * factor, scaled);
    }
}
