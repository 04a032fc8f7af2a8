using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The last layer: after the profile, the safe-by-default layer, the policy and the site rules have run, walks every
/// value that survives, at every depth and of every VR, and removes what still carries one of the instance's own
/// identifying values (<see cref="IdentifierNeedles"/>), what cannot be what its VR claims, AT values that name no tag,
/// and original UIDs; in free text also a name after a title (<see cref="TitledNames"/>) and a written date
/// (<see cref="WrittenDates"/>), which need no source in the instance. Text is read by the declared character set and
/// as UTF-8 (files lie about it); binary values as Latin-1, UTF-8, UTF-16LE and UTF-16BE. A hit in free text replaces the words that hold it; in a name the name is
/// emptied; in any other value the value becomes the dummy of its VR; in bytes the element is removed.
/// </summary>
internal sealed partial class KeptValueSweep(IdentifierNeedles needles, UidRemapper uids, FoldedText folded, bool findWrittenDates)
{
    private const string Replacement = "ANONYMIZED";

    /// <summary>Binary values longer than this are not decoded as text (pixel-like payloads; bounded work per file).</summary>
    private const int MaximumBinaryScan = 16 * 1024 * 1024;

    /// <summary>ESC, which starts an ISO 2022 code extension: a value with one may not read as ASCII.</summary>
    private const byte Escape = 0x1B;

    private readonly List<(int Start, int End)> _hits = [];
    private readonly List<DicomTag> _path = [];
    private List<SweptValue>? _swept;
    private readonly FoldedText _folded = folded;

    /// <summary>What the sweep changed, by tag path and reason.</summary>
    public IReadOnlyList<SweptValue> Swept => (IReadOnlyList<SweptValue>?)_swept ?? [];

    /// <summary>Sweeps the de-identified dataset in place.</summary>
    public void Sweep(DicomDataset dataset)
    {
        // One folding buffer (the anonymizer's, lent for this file) serves every value: folding allocates nothing.
        Walk(dataset, isTop: true, depth: 0);
    }

    private void Walk(DicomDataset dataset, bool isTop, int depth)
    {
        // By index, without a copy of the list: a value swept is replaced in place or removed, so the next attribute
        // is the first whose tag is past the current one.
        var i = 0;
        while (i < dataset.Count)
        {
            // The entry, not an object: most values are only read, and reading one makes nothing.
            var attribute = dataset.EntryAt(i);
            var tag = attribute.Tag;
            if (tag.Value == DicomTag.SpecificCharacterSet.Value && attribute.IsElement)
            {
                SweepCharacterSet(dataset, tag);
            }
            else if (!(isTop && IsOwnTopLevel(tag.Value)))
            {
                switch (attribute)
                {
                    case { Sequence: { } sequence } when depth < 64:
                        _path.Add(tag);
                        foreach (var item in sequence.InnerItems)
                        {
                            Walk(item, isTop: false, depth + 1);
                        }

                        _path.RemoveAt(_path.Count - 1);
                        break;
                    case { IsElement: true } when !(isTop && IsPixelPayload(tag.Value)):
                        SweepElement(dataset, attribute, tag);
                        break;
                }
            }

            while (i < dataset.Count && dataset.EntryAt(i).Tag.Value <= tag.Value)
            {
                i++;
            }
        }
    }

    private void SweepElement(DicomDataset dataset, in DicomEntry element, DicomTag path)
    {
        var vr = element.VR;
        if (vr.IsBinaryNumber && vr != DicomVR.AT)
        {
            // Numbers are bytes too: an array of doubles can spell a name. Read when held in memory (an array left in
            // the source file is a bulk table of numbers, not a place anyone writes text).
            if (!element.IsInSourceFile && element.Length >= EncodedText.MinimumBinaryMatch && BytesHoldNeedle(element.GetBytes().Span))
            {
                dataset.Remove(element.Tag);
                Record(path, SweepReason.IdentifierInBytes);
            }

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

    private void SweepText(DicomDataset dataset, in DicomEntry element, ReadOnlyMemory<byte> bytes, DicomTag path)
    {
        var vr = element.VR;
        if (bytes.IsEmpty)
        {
            return;
        }

        var span = bytes.Span;
        if (!VrCharacters.AreValid(vr, span))
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
            if (IsWordText(vr))
            {
                SweepUnsourced(dataset, element, span, path, folded: false, text: null);
            }

            return;
        }

        if (vr == DicomVR.UI)
        {
            if (HoldsOwnUid(span))
            {
                uids.ReplaceUids(dataset, element);
                Record(path, SweepReason.OriginalUid);
            }

            return;
        }

        var inDeclared = false;
        var inUtf8 = false;
        string? text = null;
        _hits.Clear();
        var coded = vr == DicomVR.CS;
        var asciiFolded = false;
        if (Ascii.IsValid(span) && !span.Contains(Escape))
        {
            // ASCII without an ISO 2022 escape reads the same in every declared character set and as UTF-8: folded
            // straight from the bytes, and not searched when too short to hold any needle.
            if (span.Length >= needles.ShortestMatch(vr))
            {
                inDeclared = needles.FindIn(_folded.FoldAscii(span), _hits, coded, wordText: IsWordText(vr));
                asciiFolded = true;
            }
        }
        else
        {
            text = element.IsInSourceFile ? Encoding.UTF8.GetString(span) : dataset.GetString(element.Tag) ?? string.Empty;
            inDeclared = needles.FindIn(_folded.Fold(text), _hits, coded, wordText: IsWordText(vr));
            inUtf8 = !inDeclared && !Ascii.IsValid(span) && needles.FindIn(EncodedText.FoldUtf8(_folded, span), null, coded);

            // Bytes that are not UTF-8 at all are most often Latin-1 in a file that declares otherwise.
            inUtf8 = inUtf8 || (!inDeclared && !System.Text.Unicode.Utf8.IsValid(span) && needles.FindIn(_folded.FoldLatin1(span), null, coded));
        }

        if (!inDeclared && !inUtf8)
        {
            // A value written escaped or mis-encoded ("%C3%BC", "&uuml;", "Ã¼", Base64) is read the other ways too.
            if (!IsNumberText(vr) && EscapedText.MayHold(span))
            {
                text ??= element.IsInSourceFile ? Encoding.UTF8.GetString(span) : dataset.GetString(element.Tag) ?? string.Empty;
                asciiFolded = false;
                if (HoldsEscapedNeedle(text, coded))
                {
                    ReplaceEscaped(dataset, element, path);
                    return;
                }
            }

            if (IsWordText(vr))
            {
                SweepUnsourced(dataset, element, span, path, folded: asciiFolded, text);
            }

            return;
        }

        if (vr == DicomVR.PN)
        {
            ElementValues.SetEmpty(dataset, element);
            Record(path, SweepReason.IdentifierInName);
            return;
        }

        text ??= element.IsInSourceFile ? Encoding.UTF8.GetString(span) : dataset.GetString(element.Tag) ?? string.Empty;
        if (inDeclared && IsWordText(vr))
        {
            // The folding buffer still holds the value as the needle search read it: a title's name or a written date
            // beside the needle goes with it.
            var unsourced = FindUnsourced(dataset, element.Tag, text, MayHoldUnsourced());
            if (TryReplaceWords(dataset, element, text))
            {
                Record(path, SweepReason.IdentifierInText);
                RecordUnsourced(path, unsourced);
                return;
            }
        }

        ElementValues.SetDummy(dataset, element, uids);
        Record(path, SweepReason.IdentifierInText);
    }

    /// <summary>
    /// Keeps of a Specific Character Set only the terms the standard defines: any other is no character set the value
    /// can be read by, only text (the hunt's M03 wrote the surname there); with none left the attribute goes (the
    /// default repertoire, which the unknown term meant to every reader).
    /// </summary>
    private void SweepCharacterSet(DicomDataset dataset, DicomTag tag)
    {
        var terms = dataset.GetStrings(tag);
        if (terms.All(DicomCharacterSet.IsKnownTerm))
        {
            return;
        }

        // An empty value 1 stays: with ISO 2022 terms after it, it means the default repertoire at the start.
        var known = terms.Where(DicomCharacterSet.IsKnownTerm).ToArray();
        if (known.All(t => t.Trim().Length == 0))
        {
            dataset.Remove(tag);
        }
        else
        {
            dataset.SetStrings(tag, known);
        }

        Record(tag, SweepReason.UnknownCharacterSet);
    }

    /// <summary>Whether one of the values of a UI (valid for its VR, so ASCII) is one of the instance's own UIDs.</summary>
    private bool HoldsOwnUid(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)'\\'))
        {
            if (needles.IsOwnUid(value[range].Trim(" \0"u8)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces the words that hold a needle (the hits of the last search) in the folded <paramref name="text"/>.</summary>
    private bool TryReplaceWords(DicomDataset dataset, in DicomEntry element, string text)
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
        if (vr.MaxLength < int.MaxValue)
        {
            foreach (var range in replaced.AsSpan().Split('\\'))
            {
                if (range.End.Value - range.Start.Value > vr.MaxLength)
                {
                    return false;
                }
            }
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

    private void SweepTags(DicomDataset dataset, in DicomEntry element, ReadOnlySpan<byte> bytes, DicomTag path)
    {
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]);
            var number = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..]);
            var tag = new DicomTag(group, number);
            if (!KnownTags.Contains(dataset, tag))
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

    private bool BytesHoldNeedle(ReadOnlySpan<byte> bytes) =>
        !needles.IsEmpty && bytes.Length <= MaximumBinaryScan && EncodedText.HoldsNeedle(needles, _folded, bytes);

    /// <summary>The top-level attributes the de-identification writes itself (its pseudonyms, its method, the character set).</summary>
    private static bool IsOwnTopLevel(uint tag) =>
        tag == DicomTag.PatientID.Value || tag == DicomTag.PatientName.Value || tag == DicomTag.PatientIdentityRemoved.Value
        || tag == DicomTag.DeidentificationMethod.Value || tag == DicomTag.DeidentificationMethodCodeSequence.Value
        || tag == DicomTag.LongitudinalTemporalInformationModified.Value || tag == DicomTag.SpecificCharacterSet.Value;

    /// <summary>
    /// Pixel data, float and double float pixel data of the instance (top level): images, not text. The same tags inside
    /// an item are no image of this instance's (the hunt's S06 hid a name there) and are swept as bytes.
    /// </summary>
    private static bool IsPixelPayload(uint tag) =>
        tag == DicomTag.PixelData.Value || tag == DicomTag.FloatPixelData.Value || tag == DicomTag.DoubleFloatPixelData.Value;

    /// <summary>VRs of numbers, dates and UIDs, whose characters escape nothing.</summary>
    private static bool IsNumberText(DicomVR vr) =>
        vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM || vr == DicomVR.IS || vr == DicomVR.DS || vr == DicomVR.AS || vr == DicomVR.UI;

    /// <summary>VRs of words, in which only the words holding an identifier are replaced.</summary>
    private static bool IsWordText(DicomVR vr) =>
        vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UC;

    /// <summary>Records a change; the path string is made only here, for the few values changed.</summary>
    private void Record(DicomTag tag, string reason)
    {
        var path = new StringBuilder();
        foreach (var sequence in _path)
        {
            path.Append(sequence.ToString()).Append('/');
        }

        (_swept ??= []).Add(new SweptValue(path.Append(tag.ToString()).ToString(), reason));
    }
}
