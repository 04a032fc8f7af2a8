using System.Text.Json.Serialization;

namespace DicomPipeline.Pipeline;

/// <summary>Why a file found in the input folder is not among the stored instances.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FileOutcome>))]
public enum FileOutcome
{
    /// <summary>Not an instance the pipeline handles: not DICOM, a DICOMDIR, unreadable, or a duplicate of one stored.</summary>
    Skipped,

    /// <summary>
    /// Read, but kept out of the output on purpose: declared burned-in annotation, no clinical CSV row, or the
    /// verification found identifying data (the file is then in the quarantine folder).
    /// </summary>
    HeldBack,

    /// <summary>Processing the instance failed (de-identification, the CSV values, no SOP Instance UID).</summary>
    Failed,
}
