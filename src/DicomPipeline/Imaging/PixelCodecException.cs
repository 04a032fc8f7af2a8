namespace DicomPipeline.Imaging;

/// <summary>
/// A frame could not be decoded or encoded: corrupt or unsupported data, or a codec library that is not installed
/// (<see cref="IsCodecMissing"/>). The message is one line naming the syntax and never holds pixel or patient data.
/// </summary>
internal sealed class PixelCodecException : DicomPipelineException
{
    public PixelCodecException(string message, bool isCodecMissing = false, Exception? innerException = null)
        : base(message, innerException)
    {
        IsCodecMissing = isCodecMissing;
    }

    /// <summary>Whether the cause is a native codec library missing at run time rather than the data.</summary>
    public bool IsCodecMissing { get; }
}
