namespace DicomPipeline.Redaction;

/// <summary>
/// A cheap pass that says where text can be, so OCR reads only there (and not at all in a frame without text). Strokes
/// are pixels well lighter (or darker) than the mean of their neighbourhood; their connected components that have the
/// size and fill of glyphs are chained into lines (neighbours of similar height on one baseline, a glyph's height apart
/// at most); a line of two glyphs or more, or one wide glyph (letters run together), is a region. Speckle and noise
/// make isolated or shapeless components, anatomy makes components far larger than glyphs.
/// </summary>
internal static class TextRegionFinder
{
    /// <summary>How much lighter (or darker) than the local mean, in 8-bit levels, a stroke pixel is.</summary>
    public const int StrokeContrast = 56;

    /// <summary>The smallest glyph height in pixels (a 10-pixel font's lower-case letters are 5 or 6).</summary>
    public const int MinimumGlyphHeight = 4;

    /// <summary>The largest glyph height in pixels; taller strokes are anatomy or graphics.</summary>
    public const int MaximumGlyphHeight = 96;

    private const int Radius = 12;

    /// <summary>The regions of <paramref name="image"/> that may hold text, light text first, merged where they overlap.</summary>
    public static IReadOnlyList<TextRegion> Find(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mean = LocalMean(image);
        var labels = new int[image.Pixels.Length];
        var stack = new Stack<int>();
        var byPolarity = new List<TextRegion>[2];
        foreach (var light in new[] { true, false })
        {
            var glyphs = Glyphs(image, mean, light, labels, stack);
            var lines = Lines(glyphs);
            byPolarity[light ? 0 : 1] = Merge(lines, light, image.Width, image.Height);
        }

        // Text of one polarity leaves marks of the other: the counters of its letters and the background between its
        // strokes. Where regions of both polarities overlap, the one with fewer glyphs is those marks, and goes.
        var (lightRegions, darkRegions) = (byPolarity[0], byPolarity[1]);
        var regions = new List<TextRegion>();
        regions.AddRange(lightRegions.Where(l => !darkRegions.Any(d => d.Box.Intersects(l.Box) && d.Glyphs > l.Glyphs)));
        regions.AddRange(darkRegions.Where(d => !lightRegions.Any(l => l.Box.Intersects(d.Box) && l.Glyphs > d.Glyphs)));
        return regions;
    }

    /// <summary>The mean of each pixel's (2·12+1)² neighbourhood, cut at the picture's edges (two running sums).</summary>
    private static byte[] LocalMean(GrayImage image)
    {
        int w = image.Width, h = image.Height;
        var pixels = image.Pixels;
        var rows = new int[w * h];
        for (var y = 0; y < h; y++)
        {
            var row = y * w;
            var sum = 0;
            for (var x = 0; x <= Math.Min(Radius, w - 1); x++)
            {
                sum += pixels[row + x];
            }

            for (var x = 0; x < w; x++)
            {
                rows[row + x] = sum;
                if (x + Radius + 1 < w)
                {
                    sum += pixels[row + x + Radius + 1];
                }

                if (x - Radius >= 0)
                {
                    sum -= pixels[row + x - Radius];
                }
            }
        }

        var mean = new byte[w * h];
        var column = new int[w];
        for (var y = 0; y <= Math.Min(Radius, h - 1); y++)
        {
            for (var x = 0; x < w; x++)
            {
                column[x] += rows[(y * w) + x];
            }
        }

        for (var y = 0; y < h; y++)
        {
            var height = Math.Min(h - 1, y + Radius) - Math.Max(0, y - Radius) + 1;
            for (var x = 0; x < w; x++)
            {
                var width = Math.Min(w - 1, x + Radius) - Math.Max(0, x - Radius) + 1;
                mean[(y * w) + x] = (byte)(column[x] / (width * height));
                if (y + Radius + 1 < h)
                {
                    column[x] += rows[((y + Radius + 1) * w) + x];
                }

                if (y - Radius >= 0)
                {
                    column[x] -= rows[((y - Radius) * w) + x];
                }
            }
        }

        return mean;
    }

    /// <summary>The connected components (8-neighbours) of stroke pixels that are shaped like glyphs.</summary>
    private static List<PixelBox> Glyphs(GrayImage image, byte[] mean, bool light, int[] labels, Stack<int> stack)
    {
        int w = image.Width, h = image.Height;
        var pixels = image.Pixels;
        Array.Clear(labels);
        bool IsStroke(int i) => light ? pixels[i] >= mean[i] + StrokeContrast : pixels[i] + StrokeContrast <= mean[i];
        var glyphs = new List<PixelBox>();
        var label = 0;
        for (var start = 0; start < pixels.Length; start++)
        {
            if (labels[start] != 0 || !IsStroke(start))
            {
                continue;
            }

            label++;
            labels[start] = label;
            stack.Push(start);
            int left = start % w, right = left, top = start / w, bottom = top, count = 0;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                count++;
                int x = i % w, y = i / w;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= h)
                    {
                        continue;
                    }

                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        var n = (ny * w) + nx;
                        if (nx >= 0 && nx < w && labels[n] == 0 && IsStroke(n))
                        {
                            labels[n] = label;
                            stack.Push(n);
                        }
                    }
                }
            }

            var box = new PixelBox(left, top, right + 1, bottom + 1);
            if (IsGlyph(box, count))
            {
                glyphs.Add(box);
            }
        }

        return glyphs;
    }

    private static bool IsGlyph(PixelBox box, int count)
    {
        if (box.Height < MinimumGlyphHeight || box.Height > MaximumGlyphHeight || box.Width > 16 * box.Height || count < box.Height)
        {
            return false;
        }

        // Strokes leave room in their box; a solid block is no letter unless it is a thin bar (I, l, 1).
        var fill = count / (double)(box.Width * box.Height);
        return fill >= 0.08 && (fill <= 0.9 || box.Width * 2 <= box.Height);
    }

    /// <summary>Glyphs chained left to right into lines: similar height, overlapping rows, a glyph's height apart at most.</summary>
    private static List<(PixelBox Box, int Glyphs, int Height)> Lines(List<PixelBox> glyphs)
    {
        glyphs.Sort((a, b) => a.Left.CompareTo(b.Left));
        var lines = new List<(PixelBox Box, int Glyphs, int Height)>();
        foreach (var glyph in glyphs)
        {
            var best = -1;
            var bestGap = int.MaxValue;
            for (var l = 0; l < lines.Count; l++)
            {
                var (box, _, height) = lines[l];
                var gap = glyph.Left - box.Right;
                var overlap = Math.Min(box.Bottom, glyph.Bottom) - Math.Max(box.Top, glyph.Top);
                var tall = Math.Max(height, glyph.Height);
                if (gap <= (tall * 3 / 2) + 2 && gap > -tall
                    && overlap * 2 >= Math.Min(height, glyph.Height)
                    && Math.Max(height, glyph.Height) <= 3 * Math.Min(height, glyph.Height)
                    && gap < bestGap)
                {
                    best = l;
                    bestGap = gap;
                }
            }

            if (best < 0)
            {
                lines.Add((glyph, 1, glyph.Height));
            }
            else
            {
                var (box, count, height) = lines[best];
                lines[best] = (box.Union(glyph), count + 1, Math.Max(height, glyph.Height));
            }
        }

        return lines.Where(l => (l.Glyphs >= 2 && l.Box.Width * 5 >= l.Height * 6) || (l.Glyphs == 1 && l.Box.Width >= l.Height * 5 / 2)).ToList();
    }

    /// <summary>Lines grown by a margin (so OCR sees background round the text) and merged where they overlap.</summary>
    private static List<TextRegion> Merge(List<(PixelBox Box, int Glyphs, int Height)> lines, bool light, int width, int height)
    {
        var regions = lines.Select(l => new TextRegion(l.Box.Inflate(4 + (l.Height / 2), width, height), light, l.Height, l.Glyphs)).ToList();
        for (var merged = true; merged;)
        {
            merged = false;
            for (var a = 0; a < regions.Count && !merged; a++)
            {
                for (var b = a + 1; b < regions.Count; b++)
                {
                    if (regions[a].Box.Intersects(regions[b].Box))
                    {
                        regions[a] = new TextRegion(regions[a].Box.Union(regions[b].Box), light, Math.Min(regions[a].GlyphHeight, regions[b].GlyphHeight), regions[a].Glyphs + regions[b].Glyphs);
                        regions.RemoveAt(b);
                        merged = true;
                        break;
                    }
                }
            }
        }

        return regions;
    }
}
