namespace DicomPipeline.Pipeline;

/// <summary>The run could not start or had to stop. The message is one line for the user, without patient data.</summary>
public sealed class PipelineException : DicomPipelineException
{
    /// <summary>Creates the exception.</summary>
    public PipelineException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public PipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
