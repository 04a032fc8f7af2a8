namespace DicomPipeline.Redaction;

/// <summary>A rectangle of a picture, in pixels from its top-left corner; <see cref="Right"/> and <see cref="Bottom"/> are exclusive.</summary>
/// <param name="Left">The first column.</param>
/// <param name="Top">The first row.</param>
/// <param name="Right">The column after the last.</param>
/// <param name="Bottom">The row after the last.</param>
public readonly record struct PixelBox(int Left, int Top, int Right, int Bottom)
{
    /// <summary>The width in pixels.</summary>
    public int Width => Right - Left;

    /// <summary>The height in pixels.</summary>
    public int Height => Bottom - Top;

    /// <summary>The box as <c>(left,top)-(right,bottom)</c>: coordinates only, never what the pixels show.</summary>
    /// <returns>The coordinates.</returns>
    public override string ToString() => FormattableString.Invariant($"({Left},{Top})-({Right},{Bottom})");

    /// <summary>Whether the box holds no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The smallest box holding both.</summary>
    internal PixelBox Union(PixelBox other) =>
        IsEmpty ? other : other.IsEmpty ? this : new(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    internal bool Intersects(PixelBox other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    /// <summary>This box grown by <paramref name="margin"/> on every side and cut to a frame of <paramref name="columns"/> × <paramref name="rows"/>.</summary>
    internal PixelBox Inflate(int margin, int columns, int rows) =>
        new(Math.Max(0, Left - margin), Math.Max(0, Top - margin), Math.Min(columns, Right + margin), Math.Min(rows, Bottom + margin));

    /// <summary>This box in a frame scaled down by <paramref name="factor"/>, rounded outwards.</summary>
    internal PixelBox Unscale(int factor) =>
        factor == 1 ? this : new(Left / factor, Top / factor, (Right + factor - 1) / factor, (Bottom + factor - 1) / factor);

    /// <summary>This box moved right by <paramref name="dx"/> and down by <paramref name="dy"/>.</summary>
    internal PixelBox Offset(int dx, int dy) => new(Left + dx, Top + dy, Right + dx, Bottom + dy);
}
