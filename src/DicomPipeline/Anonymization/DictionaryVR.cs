using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>Safe by default: an attribute is judged by what the data dictionary says it is, not by what the file claims.</summary>
internal static class DictionaryVR
{
    /// <summary>
    /// The attribute as its dictionary entry says it is, or <see langword="null"/> to remove it: unknown tags, the file
    /// meta group, sequences where the dictionary has a value, and values whose bytes are not a value of the dictionary
    /// VR. A UN value is read with the dictionary VR (a sequence's items as implicit VR little endian).
    /// </summary>
    public static DicomAttribute? Apply(DicomAttribute attribute) =>
        Judge(new DicomEntry(attribute), out var replacement) ? replacement ?? attribute : null;

    /// <summary>
    /// <see cref="Apply"/> for a dataset's entry: false to remove it; true with <paramref name="replacement"/> null
    /// when the entry stands as it is (no object is made for it), or with the attribute that takes its place.
    /// </summary>
    public static bool Judge(in DicomEntry attribute, out DicomAttribute? replacement)
    {
        replacement = null;
        var tag = attribute.Tag;
        if (tag.Group == 0x0002 || !DicomDictionary.TryGetEntry(tag, out var entry) || !entry.HasValueRepresentations)
        {
            return false;
        }

        if (attribute.Sequence is not null)
        {
            return entry.Allows(DicomVR.SQ);
        }

        if (!attribute.IsElement || entry.Allows(attribute.VR))
        {
            return true;
        }

        var vr = entry.DefaultVR;
        if (attribute.VR == DicomVR.UN)
        {
            replacement = DicomUnknownValue.Reinterpret(attribute.ToElement(), vr);
            replacement = replacement is DicomElement value ? Validated(value) : replacement;
            return replacement is not null;
        }

        if (attribute.VR.IsString && vr.IsString && !attribute.IsInSourceFile)
        {
            replacement = Validated(new DicomElement(tag, vr, attribute.MemoryBytes));
            return replacement is not null;
        }

        // Numbers written with another binary VR are still numbers; anything else cannot be read as the dictionary says.
        return !attribute.VR.IsString && !vr.IsString && !vr.IsSequence;
    }

    /// <summary>The element, or <see langword="null"/> when its text holds characters its VR does not allow.</summary>
    private static DicomElement? Validated(DicomElement element) =>
        !element.VR.IsString || element.IsInSourceFile || VrCharacters.AreValid(element.VR, element.MemoryBytes.Span) ? element : null;
}
