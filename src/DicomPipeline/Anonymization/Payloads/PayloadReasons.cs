namespace DicomPipeline.Anonymization.Payloads;

/// <summary>The fixed reasons the payload step reports (report.json counts actions by these texts).</summary>
internal static class PayloadReasons
{
    public const string IconRemoved = "icon image removed";
    public const string EncryptedRemoved = "encrypted attributes removed";
    public const string PixelDataCut = "pixel data cut to rows x columns x samples x frames x bits";
    public const string FragmentsDropped = "fragments outside the frames dropped";
    public const string JpegSegmentsStripped = "JPEG comment/application segments stripped";
    public const string Jpeg2000CommentsBlanked = "JPEG 2000 comment segments blanked";
    public const string AfterEndOfImageCut = "bytes after the end of image (EOI/EOC) cut";
    public const string JpegHeaderUnreadable = "JPEG header not walkable: frame kept as it is";
    public const string IccTextRewritten = "ICC profile text tags rewritten";
    public const string IccRemoved = "ICC profile not readable: removed";
    public const string LutCut = "lookup table data cut to its descriptor";
    public const string LutRemoved = "lookup table data inconsistent with its descriptor: removed";
    public const string OverlayCut = "overlay data cut to rows x columns x frames";
    public const string OverlayRemoved = "overlay inconsistent with its descriptors: plane removed";
    public const string CurveCut = "curve data cut to points x dimensions x value size";
    public const string CurveRemoved = "curve inconsistent with its descriptors: plane removed";
}
