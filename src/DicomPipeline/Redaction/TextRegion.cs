namespace DicomPipeline.Redaction;

/// <summary>
/// Where text may be in a frame, found by <see cref="TextRegionFinder"/> before any OCR: the box (in the frame's
/// pixels, with a margin), whether the strokes are lighter than their surroundings, and the median glyph height, which
/// says how much the region must be enlarged for the OCR engine.
/// </summary>
internal readonly record struct TextRegion(PixelBox Box, bool LightText, int GlyphHeight);
