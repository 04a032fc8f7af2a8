using System.ComponentModel.DataAnnotations;

namespace DicomPipeline.Pipeline;

/// <summary>Where processed files and the audit map go.</summary>
public sealed class OutputOptions
{
    /// <summary>The output folder (default <c>output</c>, relative to the working directory).</summary>
    [Required(ErrorMessage = "DicomPipeline:Output:Directory must name a folder.")]
    public string Directory { get; set; } = "output";

    /// <summary>A separate folder for the original → pseudonym map, or <see langword="null"/> for none.</summary>
    public string? AuditDirectory { get; set; }

    /// <summary>
    /// Where the verify step moves instances with findings, or <see langword="null"/> for the output folder's name with
    /// <c>-quarantine</c> appended, beside it.
    /// </summary>
    public string? QuarantineDirectory { get; set; }
}
