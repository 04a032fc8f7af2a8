namespace DicomPipeline.Redaction;

/// <summary>An 8-bit grey picture (of a frame, or part of one, as a person would look at it) given to a <see cref="ITextDetector"/>.</summary>
public sealed class GrayImage
{
    /// <summary>A picture of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="width">Its width in pixels.</param>
    /// <param name="height">Its height in pixels.</param>
    /// <param name="pixels">Row after row, one byte per pixel, 0 black; not copied.</param>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold width × height bytes.</exception>
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

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row after row, one byte per pixel, 0 black.</summary>
    public byte[] Pixels { get; }

    /// <summary>The negative: light text on dark becomes dark text on light.</summary>
    internal GrayImage Inverted()
    {
        var inverted = new byte[Pixels.Length];
        var all = new System.Numerics.Vector<byte>(255);
        var i = 0;
        for (; i <= inverted.Length - System.Numerics.Vector<byte>.Count; i += System.Numerics.Vector<byte>.Count)
        {
            (all - new System.Numerics.Vector<byte>(Pixels, i)).CopyTo(inverted, i);
        }

        for (; i < inverted.Length; i++)
        {
            inverted[i] = (byte)(255 - Pixels[i]);
        }

        return new GrayImage(Width, Height, inverted);
    }

    /// <summary>This picture <paramref name="factor"/> times larger, each pixel repeated, so small text reaches the size OCR reads best.</summary>
    internal GrayImage Scaled(int factor)
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

    /// <summary>The part of this picture inside <paramref name="box"/> (cut to the picture).</summary>
    internal GrayImage Crop(PixelBox box)
    {
        var clipped = new PixelBox(Math.Max(0, box.Left), Math.Max(0, box.Top), Math.Min(Width, box.Right), Math.Min(Height, box.Bottom));
        if (clipped == new PixelBox(0, 0, Width, Height))
        {
            return this;
        }

        var crop = new byte[Math.Max(0, clipped.Width) * Math.Max(0, clipped.Height)];
        for (var y = 0; y < clipped.Height; y++)
        {
            Pixels.AsSpan(((clipped.Top + y) * Width) + clipped.Left, clipped.Width).CopyTo(crop.AsSpan(y * clipped.Width));
        }

        return new GrayImage(Math.Max(0, clipped.Width), Math.Max(0, clipped.Height), crop);
    }
}
