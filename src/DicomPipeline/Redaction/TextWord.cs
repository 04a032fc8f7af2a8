namespace DicomPipeline.Redaction;

/// <summary>A word a text detector read, where it is, and how sure it is (0 to 100).</summary>
internal sealed record TextWord(string Text, PixelBox Box, float Confidence);
