namespace DicomPipeline.Verification;

/// <summary>An output file whose pixels may carry burned-in text that the verifier does not read.</summary>
/// <param name="File">The file, relative to the output folder, with '/' separators.</param>
/// <param name="Modality">Its Modality (0008,0060).</param>
public sealed record PixelsNotInspected(string File, string Modality);
