namespace DicomPipeline.Redaction;

/// <summary>A word a text detector read, where it is, and how sure it is.</summary>
/// <param name="Text">The word as read.</param>
/// <param name="Box">Where it is, in the pixels of the picture the detector was given.</param>
/// <param name="Confidence">How sure the detector is, 0 to 100.</param>
public sealed record TextWord(string Text, PixelBox Box, float Confidence);
