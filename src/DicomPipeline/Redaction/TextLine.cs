namespace DicomPipeline.Redaction;

/// <summary>A line of text a detector found: its box and its words in reading order.</summary>
/// <param name="Box">The line's box, in the pixels of the picture the detector was given.</param>
/// <param name="Words">Its words, left to right.</param>
public sealed record TextLine(PixelBox Box, IReadOnlyList<TextWord> Words)
{
    /// <summary>The words joined by spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}
