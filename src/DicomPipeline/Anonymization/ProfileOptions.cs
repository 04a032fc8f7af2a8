namespace DicomPipeline.Anonymization;

/// <summary>
/// The PS3.15 Annex E options (the ten of Table E.1-1's columns, then Clean Pixel Data), the one place that names them: the options property, the Table E.1-1 column, the
/// PS3.16 CID 7050 code and the command-line name. Everything else (the option columns resolved per tag, the
/// De-identification Method attributes, the report, the copy of the options) is derived from these rows.
/// </summary>
internal static class ProfileOptions
{
    /// <summary>The CID 7050 code of the Basic Application Confidentiality Profile itself, always written first.</summary>
    public static readonly (string CodeValue, string CodeMeaning) BasicProfileCode = ("113100", "Basic Application Confidentiality Profile");

    /// <summary>In the order of Table E.1-1's columns (Clean Pixel Data, which has none, last), which is also the order <c>report.json</c> lists them in.</summary>
    public static readonly ProfileOption[] All =
    [
        new(nameof(AnonymizationOptions.RetainSafePrivate), "113111", "Retain Safe Private Option",
            o => o.RetainSafePrivate, (o, on) => o.RetainSafePrivate = on, r => r.RetainSafePrivate),
        new(nameof(AnonymizationOptions.RetainUids), "113110", "Retain UIDs Option",
            o => o.RetainUids, (o, on) => o.RetainUids = on, r => r.RetainUids),
        new(nameof(AnonymizationOptions.RetainDeviceIdentity), "113109", "Retain Device Identity Option",
            o => o.RetainDeviceIdentity, (o, on) => o.RetainDeviceIdentity = on, r => r.RetainDeviceIdentity),
        new(nameof(AnonymizationOptions.RetainInstitutionIdentity), "113112", "Retain Institution Identity Option",
            o => o.RetainInstitutionIdentity, (o, on) => o.RetainInstitutionIdentity = on, r => r.RetainInstitutionIdentity),
        new(nameof(AnonymizationOptions.RetainPatientCharacteristics), "113108", "Retain Patient Characteristics Option",
            o => o.RetainPatientCharacteristics, (o, on) => o.RetainPatientCharacteristics = on, r => r.RetainPatientCharacteristics),
        new(nameof(AnonymizationOptions.RetainLongitudinalFullDates), "113106", "Retain Longitudinal Temporal Information Full Dates Option",
            o => o.RetainLongitudinalFullDates, (o, on) => o.RetainLongitudinalFullDates = on, r => r.RetainLongitudinalFullDates),
        new(nameof(AnonymizationOptions.RetainLongitudinalModifiedDates), "113107", "Retain Longitudinal Temporal Information Modified Dates Option",
            o => o.RetainLongitudinalModifiedDates, (o, on) => o.RetainLongitudinalModifiedDates = on, r => r.RetainLongitudinalModifiedDates),
        new(nameof(AnonymizationOptions.CleanDescriptors), "113105", "Clean Descriptors Option",
            o => o.CleanDescriptors, (o, on) => o.CleanDescriptors = on, r => r.CleanDescriptors),
        new(nameof(AnonymizationOptions.CleanStructuredContent), "113104", "Clean Structured Content Option",
            o => o.CleanStructuredContent, (o, on) => o.CleanStructuredContent = on, r => r.CleanStructuredContent),
        new(nameof(AnonymizationOptions.CleanGraphics), "113103", "Clean Graphics Option",
            o => o.CleanGraphics, (o, on) => o.CleanGraphics = on, r => r.CleanGraphics),
        // Not a column of Table E.1-1 (it acts on pixels, not attributes): last, and no row's action depends on it.
        new(nameof(AnonymizationOptions.CleanPixelData), "113101", "Clean Pixel Data Option",
            o => o.CleanPixelData, (o, on) => o.CleanPixelData = on, _ => null),
    ];

    /// <summary>The same rows in CID 7050 order (by code value), the order the method attributes list them in.</summary>
    public static readonly ProfileOption[] ByCodeValue = [.. All.OrderBy(o => o.CodeValue, StringComparer.Ordinal)];
}
