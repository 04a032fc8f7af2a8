namespace DicomPipeline.Redaction;

/// <summary>What scanning one frame found: every text line, and the boxes to blank (matched lines and rule regions).</summary>
internal sealed record FrameScan(IReadOnlyList<TextLine> Lines, IReadOnlyList<PixelBox> BoxesToBlank, int LinesLeft);
