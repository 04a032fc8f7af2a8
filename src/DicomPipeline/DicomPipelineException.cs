namespace DicomPipeline;

/// <summary>
/// The base of every error the library throws about its own work (not argument checks, not cancellation): a DICOM file
/// that cannot be read (<see cref="Dicom.DicomFormatException"/>, with the file and byte offset), a clinical CSV that
/// cannot be used (<see cref="Csv.CsvMergeException"/>, with the line and column), an Orthanc call that failed
/// (<see cref="Orthanc.OrthancException"/>, with the route and HTTP status), an output folder that cannot be written
/// (<see cref="Storage.ProcessedStoreException"/>) and a run that cannot start or had to stop
/// (<see cref="Pipeline.PipelineException"/>). Catch this type to handle them all.
/// </summary>
/// <remarks>
/// The message is one line meant for the user, and neither it nor any property ever holds patient data (a name, an ID,
/// a value read from a file or a CSV cell): only file paths, offsets, line and column numbers, routes, status codes and
/// fixed reasons. Each child carries its facts as properties, so a caller need not parse the message.
/// </remarks>
public abstract class DicomPipelineException : Exception
{
    /// <summary>Creates the exception with the runtime's default message.</summary>
    protected DicomPipelineException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, in one line, without patient data.</param>
    protected DicomPipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">What went wrong, in one line, without patient data.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected DicomPipelineException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
