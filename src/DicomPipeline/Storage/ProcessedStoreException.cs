namespace DicomPipeline.Storage;

/// <summary>The output folder could not be written. The message names the folder and the cause, never patient data.</summary>
public sealed class ProcessedStoreException : DicomPipelineException
{
    /// <summary>Creates the exception.</summary>
    public ProcessedStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public ProcessedStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ProcessedStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
