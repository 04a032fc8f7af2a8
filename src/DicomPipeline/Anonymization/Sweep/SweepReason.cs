namespace DicomPipeline.Anonymization.Sweep;

/// <summary>Why the sweep changed a kept value; the words go into report.json, never the value.</summary>
internal static class SweepReason
{
    public const string IdentifierInText = "held an identifying value of the instance";
    public const string IdentifierEncoded = "held an identifying value of the instance escaped or encoded (URL, HTML, JSON, Base64…)";
    public const string IdentifierInName = "a person name holding an identifying value of the instance";
    public const string IdentifierInBytes = "binary value holding an identifying value of the instance as text";
    public const string InvalidForVr = "characters its VR does not allow";
    public const string UnknownTag = "AT value naming no tag of the dictionary or of a kept private block";
    public const string UnknownCharacterSet = "a Specific Character Set term no standard defines";
    public const string OriginalUid = "an original UID of the instance";
    public const string NameAfterTitle = "a person's name after a title or before a degree";
    public const string DateInText = "a date written in free text";
    public const string IdentifierDigitsInText = "an identifier's digits written in free text";
}
