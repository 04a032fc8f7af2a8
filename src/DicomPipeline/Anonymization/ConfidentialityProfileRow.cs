namespace DicomPipeline.Anonymization;

/// <summary>
/// One row of PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes), as plain data.
/// Action codes (PS3.15 E.3): D dummy value, Z zero-length or dummy, X remove, K keep, C clean, U replace UID consistently;
/// the combined codes (Z/D, X/Z, X/D, X/Z/D, X/Z/U*) depend on the attribute's Type in the IOD.
/// </summary>
/// <param name="Tag">The tag value <c>ggggeeee</c>; repeating (x) digits are 0.</param>
/// <param name="Mask">
/// The bits of a tag that must equal <paramref name="Tag"/>: <c>0xFFFFFFFF</c> for a fixed tag, 0 nibbles for x digits
/// (e.g. <c>0xFF00FFFF</c> for (60xx,3000), <c>0xFF000000</c> for (50xx,xxxx)). The repeating groups 50xx / 60xx are, by
/// PS3.5 7.6, only the even groups 5000-501E / 6000-601E.
/// </param>
/// <param name="IsOddGroupRow">
/// True for the row "(GGGG,EEEE) where GGGG is odd" (all private attributes); its <paramref name="Tag"/> and
/// <paramref name="Mask"/> are both <c>0x00010000</c>, so they match exactly the odd groups.
/// </param>
/// <param name="Name">The attribute name as the table gives it.</param>
/// <param name="InStandardCompositeIod">The table's "In Std. Comp. IOD" column: whether a standard composite IOD uses the attribute.</param>
/// <param name="BasicProfile">The Basic Profile action code.</param>
/// <param name="RetainSafePrivate">Retain Safe Private Option action, or null.</param>
/// <param name="RetainUids">Retain UIDs Option action, or null.</param>
/// <param name="RetainDeviceIdentity">Retain Device Identity Option action, or null.</param>
/// <param name="RetainInstitutionIdentity">Retain Institution Identity Option action, or null.</param>
/// <param name="RetainPatientCharacteristics">Retain Patient Characteristics Option action, or null.</param>
/// <param name="RetainLongitudinalFullDates">Retain Longitudinal Temporal Information with Full Dates Option action, or null.</param>
/// <param name="RetainLongitudinalModifiedDates">Retain Longitudinal Temporal Information with Modified Dates Option action, or null.</param>
/// <param name="CleanDescriptors">Clean Descriptors Option action, or null.</param>
/// <param name="CleanStructuredContent">Clean Structured Content Option action, or null.</param>
/// <param name="CleanGraphics">Clean Graphics Option action, or null.</param>
internal readonly record struct ConfidentialityProfileRow(
    uint Tag,
    uint Mask,
    bool IsOddGroupRow,
    string Name,
    bool InStandardCompositeIod,
    string BasicProfile,
    string? RetainSafePrivate,
    string? RetainUids,
    string? RetainDeviceIdentity,
    string? RetainInstitutionIdentity,
    string? RetainPatientCharacteristics,
    string? RetainLongitudinalFullDates,
    string? RetainLongitudinalModifiedDates,
    string? CleanDescriptors,
    string? CleanStructuredContent,
    string? CleanGraphics);
