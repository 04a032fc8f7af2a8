using DicomPipeline.Csv;

namespace DicomPipeline.Web.Jobs;

/// <summary>What a job was asked to do, already checked: the resolved input folder and, when sent, the saved CSV.</summary>
/// <param name="InputDirectory">The real path of the input folder, inside an allowed root.</param>
/// <param name="Anonymize">Whether to de-identify.</param>
/// <param name="CleanPixelData">
/// Whether to scan the images for burned-in text and blank it (PS3.15 Clean Pixel Data), or null for the configured choice.
/// </param>
/// <param name="CsvPath">The uploaded CSV saved in the job's private folder (already loaded and checked), or null.</param>
/// <param name="CsvName">The uploaded CSV's file name as the browser sent it, shown back to the user only, or null.</param>
/// <param name="Csv">How the CSV is read and matched.</param>
/// <param name="UploadToOrthanc">Whether the job uploads what it stores to Orthanc through its REST API.</param>
/// <param name="Destinations">The configured destinations the job sends what it stores to, by name.</param>
/// <param name="WorkDirectory">The job's private folder (the CSV), deleted when the job ends.</param>
internal sealed record JobRequest(
    string InputDirectory,
    bool Anonymize,
    bool? CleanPixelData,
    string? CsvPath,
    string? CsvName,
    CsvMergeOptions Csv,
    bool UploadToOrthanc,
    IReadOnlyList<string> Destinations,
    string WorkDirectory);
