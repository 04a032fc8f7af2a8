using System.Buffers;
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

    // PS3.5 6.2, each repertoire with the value delimiter; space pads. Code strings also allow the underscore.
    private static readonly SearchValues<byte> CodeForm = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \\"u8);
    private static readonly SearchValues<byte> DecimalForm = SearchValues.Create("0123456789+-.eE \\"u8);
    private static readonly SearchValues<byte> IntegerForm = SearchValues.Create("0123456789+- \\"u8);
    private static readonly SearchValues<byte> DateForm = SearchValues.Create("0123456789- \\"u8);
    private static readonly SearchValues<byte> DateTimeForm = SearchValues.Create("0123456789+-. \\"u8);
    private static readonly SearchValues<byte> TimeForm = SearchValues.Create("0123456789.:- \\"u8);
    private static readonly SearchValues<byte> AgeForm = SearchValues.Create("0123456789DWMY \\"u8);
    private static readonly SearchValues<byte> UidForm = SearchValues.Create("0123456789.\\"u8);

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

        var value = bytes.TrimEnd((byte)0);
        var valid = vr == DicomVR.AE
            ? value.IndexOfAnyInRange((byte)0x00, (byte)0x1F) < 0 && !value.Contains((byte)0x7F)
            : FormOf(vr) is not { } allowed || !value.ContainsAnyExcept(allowed);
        if (!valid)
        {
            Report(path, InvalidForVrKind, null, null);
        }
    }

    private static SearchValues<byte>? FormOf(DicomVR vr) =>
        vr == DicomVR.CS ? CodeForm
        : vr == DicomVR.DS ? DecimalForm
        : vr == DicomVR.IS ? IntegerForm
        : vr == DicomVR.DA ? DateForm
        : vr == DicomVR.DT ? DateTimeForm
        : vr == DicomVR.TM ? TimeForm
        : vr == DicomVR.AS ? AgeForm
        : vr == DicomVR.UI ? UidForm
        : null;

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
