namespace DicomPipeline.Dicom;

/// <summary>
/// The bytes being read are not valid DICOM. The message names the file and the byte offset where reading stopped,
/// never a value from the file.
/// </summary>
public sealed class DicomFormatException : DicomPipelineException
{
    /// <summary>Creates an exception with a message only.</summary>
    public DicomFormatException()
        : this("Invalid DICOM data.")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">What is wrong, without patient data.</param>
    public DicomFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    /// <param name="message">What is wrong, without patient data.</param>
    /// <param name="innerException">The cause.</param>
    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming where the problem is.</summary>
    /// <param name="reason">What is wrong, without patient data.</param>
    /// <param name="filePath">The file being read, or <see langword="null"/> for a stream.</param>
    /// <param name="offset">The byte offset in the file (after inflation, for a deflated dataset) where it was found.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DicomFormatException(string reason, string? filePath, long offset, Exception? innerException = null)
        : base(Format(reason, filePath, offset), innerException)
    {
        Reason = reason;
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The file being read, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The byte offset where the problem was found, or -1 when unknown.</summary>
    public long Offset { get; } = -1;

    private static string Format(string reason, string? filePath, long offset) =>
        FormattableString.Invariant($"{filePath ?? "<stream>"}: offset {offset}: {reason}");
}
