using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

// Values that cannot be what their VR says they are, found whatever the originals held: a word where a code, a number, a
// date or a time belongs, and AT values that name no tag. Such a value says nothing about who it names, so it is
// flagged for its form: a de-identified file keeps none (the anonymizer dummies or removes them), and a file that does
// was not de-identified.
internal sealed partial class OutputScanner
{
    /// <summary>The kind of a value with a character its VR does not allow (a CS in lower case, an IS with letters…).</summary>
    public const string InvalidForVrKind = "value with characters its VR does not allow";

    /// <summary>The kind of an AT value that names no tag of the dictionary nor a private element of a creator present.</summary>
    public const string UnknownTagKind = "AT value that names no tag";

    private static readonly DicomTag SpecificCharacterSetTag = new(0x00080005);

    private void CheckForm(DicomDataset dataset, DicomElement element, ReadOnlySpan<byte> bytes, ElementPath path)
    {
        var vr = element.VR;
        if (vr == DicomVR.AT)
        {
            if (!NamesTags(dataset, bytes))
            {
                Report(path, UnknownTagKind, null, null);
            }

            return;
        }

        // The character set's own terms are read before anything else, by every reader: not ours to judge.
        if (element.Tag == SpecificCharacterSetTag)
        {
            return;
        }

        if (!VrCharacters.AreValid(vr, bytes))
        {
            Report(path, InvalidForVrKind, null, null);
        }
    }

    /// <summary>
    /// Whether every 4 bytes of an AT value name a tag: one of the dictionary, a group length, a private creator present,
    /// or a private element whose creator is present here or in an enclosing dataset.
    /// </summary>
    private static bool NamesTags(DicomDataset dataset, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i += 4)
        {
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..]));
            if (tag.IsGroupLength)
            {
                continue;
            }

            var known = !tag.IsPrivate ? DicomDictionary.TryGetEntry(tag, out _)
                : tag.IsPrivateCreator ? dataset.Contains(tag)
                : tag.PrivateCreatorTag is { } creator && HasCreator(dataset, creator);
            if (!known)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasCreator(DicomDataset dataset, DicomTag creator)
    {
        for (DicomDataset? d = dataset; d is not null; d = d.ParentSequence?.Owner)
        {
            if (d.Contains(creator))
            {
                return true;
            }
        }

        return false;
    }
}
