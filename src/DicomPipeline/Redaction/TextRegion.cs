namespace DicomPipeline.Redaction;

/// <summary>
/// Where text may be in a frame, found by <see cref="TextRegionFinder"/> before any OCR: the box (in the frame's
/// pixels, with a margin), whether the strokes are lighter than their surroundings, the smallest line height, which
/// says how much the region must be enlarged for the OCR engine, and how many glyphs it holds.
/// </summary>
internal readonly record struct TextRegion(PixelBox Box, bool LightText, int GlyphHeight, int Glyphs);
