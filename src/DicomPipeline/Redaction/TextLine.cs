namespace DicomPipeline.Redaction;

/// <summary>A line of text a detector found: its box (in the frame's own pixels) and its words in reading order.</summary>
internal sealed record TextLine(PixelBox Box, IReadOnlyList<TextWord> Words)
{
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}
