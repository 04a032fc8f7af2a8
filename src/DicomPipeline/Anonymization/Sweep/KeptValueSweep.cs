using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The last layer: after the profile, the safe-by-default layer, the policy and the site rules have run, walks every
/// value that survives, at every depth and of every VR, and removes what still carries one of the instance's own
/// identifying values (<see cref="IdentifierNeedles"/>), what cannot be what its VR claims, AT values that name no tag,
/// and original UIDs. Text is read by the declared character set and as UTF-8 (files lie about it); binary values as
/// Latin-1, UTF-8, UTF-16LE and UTF-16BE. A hit in free text replaces the words that hold it; in a name the name is
/// emptied; in any other value the value becomes the dummy of its VR; in bytes the element is removed.
/// </summary>
internal sealed class KeptValueSweep(IdentifierNeedles needles, UidRemapper uids)
{
    private const string Replacement = "ANONYMIZED";

    /// <summary>Binary values longer than this are not decoded as text (pixel-like payloads; bounded work per file).</summary>
    private const int MaximumBinaryScan = 16 * 1024 * 1024;

    /// <summary>The shortest match counted in bytes read as text: random samples spell short words and numbers by chance.</summary>
    private const int MinimumBinaryMatch = 6;

    private static readonly HashSet<uint> OwnTopLevel =
    [
        DicomTag.PatientID.Value, DicomTag.PatientName.Value, DicomTag.PatientIdentityRemoved.Value,
        DicomTag.DeidentificationMethod.Value, DicomTag.DeidentificationMethodCodeSequence.Value,
        DicomTag.LongitudinalTemporalInformationModified.Value, DicomTag.SpecificCharacterSet.Value,
    ];

    private static readonly HashSet<uint> PixelPayloads =
    [
        DicomTag.PixelData.Value, DicomTag.FloatPixelData.Value, DicomTag.DoubleFloatPixelData.Value,
    ];

    private readonly FoldedText _folded = new();
    private readonly List<(int Start, int End)> _hits = [];
    private readonly List<SweptValue> _swept = [];
    private string _prefix = string.Empty;

    /// <summary>What the sweep changed, by tag path and reason.</summary>
    public IReadOnlyList<SweptValue> Swept => _swept;

    /// <summary>Sweeps the de-identified dataset in place.</summary>
    public void Sweep(DicomDataset dataset) => Walk(dataset, string.Empty, isTop: true, depth: 0);

    private void Walk(DicomDataset dataset, string prefix, bool isTop, int depth)
    {
        foreach (var attribute in dataset.ToList())
        {
            var tag = attribute.Tag;
            if (isTop && OwnTopLevel.Contains(tag.Value))
            {
                continue;
            }

            switch (attribute)
            {
                case DicomSequence sequence when depth < 64:
                    var itemPrefix = prefix + tag.ToString() + "/";
                    foreach (var item in sequence.Items)
                    {
                        Walk(item, itemPrefix, isTop: false, depth + 1);
                    }

                    break;
                case DicomElement element when !PixelPayloads.Contains(tag.Value):
                    _prefix = prefix;
                    SweepElement(dataset, element, tag);
                    break;
            }
        }
    }

    private void SweepElement(DicomDataset dataset, DicomElement element, DicomTag path)
    {
        var vr = element.VR;
        if (vr.IsBinaryNumber && vr != DicomVR.AT)
        {
            return;
        }

        if (element.IsInSourceFile && (element.Length > MaximumBinaryScan || (!vr.IsString && !vr.IsBulk)))
        {
            return;
        }

        var bytes = element.GetBytes();
        if (vr == DicomVR.AT)
        {
            SweepTags(dataset, element, bytes.Span, path);
        }
        else if (vr.IsString)
        {
            SweepText(dataset, element, bytes, path);
        }
        else if (vr.IsBulk && bytes.Length > 0 && BytesHoldNeedle(bytes.Span))
        {
            dataset.Remove(element.Tag);
            Record(path, SweepReason.IdentifierInBytes);
        }
    }

    private void SweepText(DicomDataset dataset, DicomElement element, ReadOnlyMemory<byte> bytes, DicomTag path)
    {
        var vr = element.VR;
        if (bytes.IsEmpty)
        {
            return;
        }

        if (!VrCharacters.AreValid(vr, bytes.Span))
        {
            if (vr == DicomVR.UI)
            {
                uids.ReplaceUids(dataset, element);
            }
            else
            {
                ElementValues.SetDummy(dataset, element, uids);
            }

            Record(path, SweepReason.InvalidForVr);
            return;
        }

        if (needles.IsEmpty)
        {
            return;
        }

        var text = element.IsInSourceFile ? Encoding.UTF8.GetString(bytes.Span) : dataset.GetString(element.Tag) ?? string.Empty;
        if (vr == DicomVR.UI)
        {
            foreach (var uid in text.Split('\\'))
            {
                if (needles.Uids.Contains(uid.Trim(' ', '\0')))
                {
                    uids.ReplaceUids(dataset, element);
                    Record(path, SweepReason.OriginalUid);
                    return;
                }
            }

            return;
        }

        _hits.Clear();
        var coded = vr == DicomVR.CS;
        var inDeclared = needles.FindIn(_folded.Fold(text), _hits, coded);
        var inUtf8 = !inDeclared && !Ascii.IsValid(bytes.Span) && needles.FindIn(_folded.Fold(Encoding.UTF8.GetString(bytes.Span)), null, coded);
        if (!inDeclared && !inUtf8)
        {
            return;
        }

        if (vr == DicomVR.PN)
        {
            ElementValues.SetEmpty(dataset, element);
            Record(path, SweepReason.IdentifierInName);
            return;
        }

        if (inDeclared && IsWordText(vr) && TryReplaceWords(dataset, element, text))
        {
            Record(path, SweepReason.IdentifierInText);
            return;
        }

        ElementValues.SetDummy(dataset, element, uids);
        Record(path, SweepReason.IdentifierInText);
    }

    /// <summary>Replaces the words that hold a needle (the hits of the last search) in the folded <paramref name="text"/>.</summary>
    private bool TryReplaceWords(DicomDataset dataset, DicomElement element, string text)
    {
        _hits.Sort();
        var s = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, end) in _hits)
        {
            var from = _folded.OriginalStart(start);
            var to = _folded.OriginalEnd(end - 1);
            if (to <= copied)
            {
                continue;
            }

            if (from >= copied)
            {
                s.Append(text, copied, from - copied).Append(Replacement);
            }

            copied = to;
        }

        s.Append(text, copied, text.Length - copied);
        var replaced = s.ToString();
        var vr = element.VR;
        if (vr.MaxLength < int.MaxValue && replaced.Split('\\').Any(v => v.Length > vr.MaxLength))
        {
            return false;
        }

        try
        {
            dataset.SetString(element.Tag, replaced, vr);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void SweepTags(DicomDataset dataset, DicomElement element, ReadOnlySpan<byte> bytes, DicomTag path)
    {
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]);
            var number = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..]);
            var tag = new DicomTag(group, number);
            if (!IsKnownTag(dataset, tag))
            {
                dataset.Remove(element.Tag);
                Record(path, SweepReason.UnknownTag);
                return;
            }
        }

        if (bytes.Length % 4 != 0)
        {
            dataset.Remove(element.Tag);
            Record(path, SweepReason.InvalidForVr);
            return;
        }

        if (BytesHoldNeedle(bytes))
        {
            dataset.Remove(element.Tag);
            Record(path, SweepReason.IdentifierInBytes);
        }
    }

    private static bool IsKnownTag(DicomDataset dataset, DicomTag tag)
    {
        if (!tag.IsPrivate)
        {
            return DicomDictionary.TryGetEntry(tag, out _) || tag.Element == 0x0000;
        }

        if (tag.IsPrivateCreator || tag.Element == 0x0000)
        {
            return dataset.Contains(tag) || tag.Element == 0x0000;
        }

        // A private element of a block whose creator is kept, here or at the top level.
        if (tag.PrivateCreatorTag is not { } creator)
        {
            return false;
        }

        for (var d = dataset; d is not null; d = d.ParentSequence?.Owner)
        {
            if (d.Contains(creator))
            {
                return true;
            }
        }

        return false;
    }

    private bool BytesHoldNeedle(ReadOnlySpan<byte> bytes)
    {
        if (needles.IsEmpty || bytes.Length > MaximumBinaryScan)
        {
            return false;
        }

        if (needles.FindIn(_folded.Fold(Encoding.Latin1.GetString(bytes)), null, minimumLength: MinimumBinaryMatch)
            || (!Ascii.IsValid(bytes) && needles.FindIn(_folded.Fold(Encoding.UTF8.GetString(bytes)), null, minimumLength: MinimumBinaryMatch)))
        {
            return true;
        }

        // UTF-16 text, in both byte orders and at both alignments (an odd offset inside an OB is possible).
        for (var offset = 0; offset < 2 && offset < bytes.Length; offset++)
        {
            var even = bytes[offset..];
            even = even[..(even.Length & ~1)];
            if (needles.FindIn(_folded.Fold(Encoding.Unicode.GetString(even)), null, minimumLength: MinimumBinaryMatch)
                || needles.FindIn(_folded.Fold(Encoding.BigEndianUnicode.GetString(even)), null, minimumLength: MinimumBinaryMatch))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>VRs of words, in which only the words holding an identifier are replaced.</summary>
    private static bool IsWordText(DicomVR vr) =>
        vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UC;

    /// <summary>Records a change; the path string is made only here, for the few values changed.</summary>
    private void Record(DicomTag tag, string reason) => _swept.Add(new SweptValue(_prefix + tag.ToString(), reason));
}
