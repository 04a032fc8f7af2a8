namespace DicomPipeline.Dicom;

/// <summary>
/// How an error message names a value read from a file. Any bytes of a file can hold a patient's name or ID, garbage
/// after an item as much as a crafted UID, so a message quotes a value only when it is a well-known one (a tag of the data
/// dictionary or a private tag, a UID of the standard's registry) and otherwise only says what kind of value it is; the
/// byte offset the message carries still locates it.
/// </summary>
internal static class SafeMessageText
{
    /// <summary>What a message says for a tag that is neither in the dictionary nor private.</summary>
    public const string UnknownTag = "a tag of no dictionary";

    /// <summary>What a message says for a transfer syntax UID that is not in the standard's registry.</summary>
    public const string UnknownTransferSyntax = "an unknown transfer syntax UID";

    // The keyword of the entry the dictionary makes up for a group length (gggg,0000) it has no row for.
    private const string SyntheticGroupLength = "GroupLength";

    /// <summary>The tag as "(gggg,eeee)" when it is well known, otherwise <see cref="UnknownTag"/>.</summary>
    public static string Tag(DicomTag tag) => IsWellKnown(tag) ? tag.ToString() : UnknownTag;

    /// <summary>The transfer syntax's name (or UID) when its UID is in the standard's registry, otherwise <see cref="UnknownTransferSyntax"/>.</summary>
    public static string TransferSyntax(DicomTransferSyntax syntax) =>
        syntax.IsDefined ? syntax.Name : UnknownTransferSyntax;

    /// <summary>
    /// A private tag (odd group), or one the dictionary has. The dictionary answers for a group length in any group, so a
    /// group length counts only in a group the dictionary has attributes in: otherwise its group is two arbitrary bytes.
    /// </summary>
    private static bool IsWellKnown(DicomTag tag)
    {
        if (tag.IsPrivate)
        {
            return true;
        }

        if (!DicomDictionary.TryGetEntry(tag, out var entry))
        {
            return false;
        }

        return !tag.IsGroupLength || entry.Keyword != SyntheticGroupLength || HasAttributesInGroup(tag.Group);
    }

    private static bool HasAttributesInGroup(ushort group)
    {
        foreach (var entry in DicomDictionary.Entries)
        {
            if (entry.Tag.Group == group && !entry.Tag.IsGroupLength)
            {
                return true;
            }
        }

        return false;
    }
}
