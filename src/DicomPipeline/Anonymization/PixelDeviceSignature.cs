namespace DicomPipeline.Anonymization;

/// <summary>
/// The device a site rule's <see cref="AnonymizationRule.PixelRegions"/> apply to, as CTP's pixel scripts key them:
/// every value set must equal the image's (text ignoring case and padding); values left null match any image.
/// </summary>
public sealed class PixelDeviceSignature
{
    /// <summary>Modality (0008,0060), e.g. <c>US</c>.</summary>
    public string? Modality { get; set; }

    /// <summary>Manufacturer (0008,0070).</summary>
    public string? Manufacturer { get; set; }

    /// <summary>Manufacturer's Model Name (0008,1090).</summary>
    public string? ManufacturerModelName { get; set; }

    /// <summary>Rows (0028,0010).</summary>
    public int? Rows { get; set; }

    /// <summary>Columns (0028,0011).</summary>
    public int? Columns { get; set; }

    /// <summary>SOP Class UID (0008,0016).</summary>
    public string? SopClassUid { get; set; }
}
