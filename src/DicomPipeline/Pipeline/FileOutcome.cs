using System.Text.Json.Serialization;

namespace DicomPipeline.Pipeline;

/// <summary>Why a file found in the input folder is not among the stored instances.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FileOutcome>))]
public enum FileOutcome
{
    /// <summary>
    /// A DICOM file, or one that may be, that was not processed: damaged, unreadable, a link not followed, or a duplicate
    /// of an instance stored. The run is incomplete.
    /// </summary>
    Skipped,

    /// <summary>
    /// Read, but kept out of the output on purpose: declared burned-in annotation, no clinical CSV row, or the
    /// verification found identifying data (the file is then in the quarantine folder).
    /// </summary>
    HeldBack,

    /// <summary>Processing the instance failed (de-identification, the CSV values, no SOP Instance UID).</summary>
    Failed,

    /// <summary>Not a DICOM file (a README, a thumbnail, a PDF, an empty file): counted and listed, not a failure.</summary>
    NotDicom,

    /// <summary>A DICOM file that is not an instance (a DICOMDIR): counted and listed, not a failure.</summary>
    NotAnInstance,
}
