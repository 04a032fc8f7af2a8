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
    public static DicomAttribute? Apply(DicomAttribute attribute)
    {
        var tag = attribute.Tag;
        if (tag.Group == 0x0002 || !DicomDictionary.TryGetEntry(tag, out var entry) || !entry.HasValueRepresentations)
        {
            return null;
        }

        if (attribute is DicomSequence)
        {
            return entry.Allows(DicomVR.SQ) ? attribute : null;
        }

        if (attribute is not DicomElement element || entry.Allows(element.VR))
        {
            return attribute;
        }

        var vr = entry.DefaultVR;
        if (element.VR == DicomVR.UN)
        {
            var taken = DicomUnknownValue.Reinterpret(element, vr);
            return taken is DicomElement value ? Validated(value) : taken;
        }

        if (element.VR.IsString && vr.IsString && !element.IsInSourceFile)
        {
            return Validated(new DicomElement(tag, vr, element.MemoryBytes));
        }

        // Numbers written with another binary VR are still numbers; anything else cannot be read as the dictionary says.
        return !element.VR.IsString && !vr.IsString && !vr.IsSequence ? element : null;
    }

    /// <summary>The element, or <see langword="null"/> when its text holds characters its VR does not allow.</summary>
    private static DicomElement? Validated(DicomElement element) =>
        !element.VR.IsString || element.IsInSourceFile || VrCharacters.AreValid(element.VR, element.MemoryBytes.Span) ? element : null;
}
