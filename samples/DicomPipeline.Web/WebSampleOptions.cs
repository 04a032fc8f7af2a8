namespace DicomPipeline.Web;

/// <summary>
/// The web sample's own settings, read from the same <c>DicomPipeline</c> section as the library's options:
/// <c>DicomPipeline:AllowedInputRoots</c>, <c>DicomPipeline:UploadToOrthanc</c>, <c>DicomPipeline:Limits</c> and <c>DicomPipeline:Web</c>.
/// </summary>
internal sealed class WebSampleOptions
{
    public const string SectionName = "DicomPipeline";

    /// <summary>The folders a <c>dir_path</c> may be inside; none means every <c>dir_path</c> is refused.</summary>
    public IList<string> AllowedInputRoots { get; } = new List<string>();

    /// <summary>
    /// Whether each job uploads what it stored to Orthanc (<c>DicomPipeline:Orthanc</c>) through its REST API. When not
    /// set: yes, unless <c>DicomPipeline:Destinations</c> names somewhere else to send to.
    /// </summary>
    public bool? UploadToOrthanc { get; set; }

    /// <summary>Sizes and counts the app keeps to.</summary>
    public WebLimits Limits { get; set; } = new();

    /// <summary>Access, the private work folder and retention (<c>DicomPipeline:Web</c>).</summary>
    public WebSettings Web { get; set; } = new();
}
