using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>Which UIDs are not identifying: the standard's own (the registry) and those naming a class or syntax.</summary>
internal static class UidRules
{
    /// <summary>The root of the pseudonymous UIDs the de-identifier makes (PS3.5 B.2, a UUID as an integer).</summary>
    public const string PseudonymousRoot = "2.25.";

    private const string StandardRoot = "1.2.840.10008.";

    /// <summary>
    /// Whether <paramref name="uid"/> is one of the standard's registered UIDs (PS3.6 Annex A, generated into
    /// <see cref="DicomUidRegistry"/>). A UID a device issued under the standard's root is not: it names an instance.
    /// </summary>
    public static bool IsRegistryUid(ReadOnlySpan<char> uid) =>
        uid.StartsWith(StandardRoot, StringComparison.Ordinal) && DicomUidRegistry.Contains(uid.ToString());

    /// <summary>
    /// Whether the attribute holds a class, syntax or scheme rather than an instance: such UIDs name a kind of
    /// thing (SOP Class, Transfer Syntax, implementation, coding scheme) and are kept by the profile.
    /// </summary>
    public static bool IsClassAttribute(DicomTag tag)
    {
        if (tag.IsPrivate || !DicomDictionary.TryGetEntry(tag, out var entry))
        {
            return false;
        }

        var keyword = entry.Keyword;
        return keyword.EndsWith("ClassUID", StringComparison.Ordinal)
            || keyword.EndsWith("SyntaxUID", StringComparison.Ordinal)
            || keyword is "CodingSchemeUID" or "ContextGroupExtensionCreatorUID" or "PrivateInformationCreatorUID"
                or "MappingResourceUID" or "ContextUID" or "CodingSchemeRegistry" or "SOPClassesInStudy";
    }

    /// <summary>
    /// Whether the attribute names a coding scheme, a context group or a mapping resource: well-known UIDs (HL7's OIDs
    /// for SNOMED, LOINC, …) that are kept as they are although the registry does not list them. Every other UI
    /// attribute, "class UID" attributes included, must hold a registry UID or a pseudonymous one.
    /// </summary>
    public static bool IsFixedAttribute(DicomTag tag) =>
        !tag.IsPrivate && DicomDictionary.TryGetEntry(tag, out var entry)
            && entry.Keyword is "CodingSchemeUID" or "ContextGroupExtensionCreatorUID" or "MappingResourceUID" or "ContextUID"
                or "CodingSchemeRegistry";

    /// <summary>Whether a UID value found in the output is one that survives de-identification by design.</summary>
    public static bool IsExpectedInOutput(ReadOnlySpan<char> uid) =>
        uid.IsEmpty || uid.StartsWith(PseudonymousRoot, StringComparison.Ordinal) || IsRegistryUid(uid);
}
