using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>The sweep's look at what free text shows to be identifying though the instance holds it nowhere else.</summary>
internal sealed partial class KeptValueSweep
{
    private static readonly DicomTag CodeValue = new(0x0008, 0x0100);
    private static readonly DicomTag CodingSchemeDesignator = new(0x0008, 0x0102);
    private static readonly DicomTag LongCodeValue = new(0x0008, 0x0119);

    /// <summary>
    /// Replaces what free text shows to be identifying with no source in the instance: the words of a name after a title
    /// or before a degree (<see cref="TitledNames"/>), a written date (<see cref="WrittenDates"/>) and an identifier's
    /// digits (<see cref="WrittenIdentifiers"/>);
    /// <paramref name="folded"/> when the folding buffer already holds the ASCII value; <paramref name="text"/> the value
    /// as the needle search decoded it, when it did.
    /// </summary>
    private void SweepUnsourced(DicomDataset dataset, in DicomEntry element, ReadOnlySpan<byte> span, DicomTag path, bool folded, string? text)
    {
        _hits.Clear();
        if (Ascii.IsValid(span) && !span.Contains(Escape))
        {
            if (!folded)
            {
                _folded.FoldAscii(span);
            }
        }
        else
        {
            // The needle search's last fold may have read the bytes another way (UTF-8, Latin-1): fold the text again.
            text ??= element.IsInSourceFile ? Encoding.UTF8.GetString(span) : dataset.GetString(element.Tag) ?? string.Empty;
            _folded.Fold(text);
        }

        // Most kept text has neither a title nor a date nor a long number in it: the folded tokens say so before any
        // string is made.
        var candidates = MayHoldUnsourced();
        if (candidates == Unsourced.None)
        {
            return;
        }

        text ??= Encoding.ASCII.GetString(span);
        var found = FindUnsourced(dataset, element.Tag, text, candidates);
        if (found != Unsourced.None)
        {
            if (!TryReplaceWords(dataset, element, text))
            {
                ElementValues.SetDummy(dataset, element, uids);
            }

            RecordUnsourced(path, found);
        }
    }

    /// <summary>What the folded value may hold, by a cheap look at its tokens (before any string is made).</summary>
    private Unsourced MayHoldUnsourced() =>
        (TitledNames.MayHold(_folded) ? Unsourced.Name : Unsourced.None)
        | (findWrittenDates && WrittenDates.MayHold(_folded) ? Unsourced.Date : Unsourced.None)
        | (WrittenIdentifiers.MayHold(_folded) ? Unsourced.Identifier : Unsourced.None);

    /// <summary>
    /// Adds to the hits a titled name's words, the written dates and the written identifiers of the value the folding
    /// buffer holds, of the kinds <paramref name="candidates"/> (<see cref="MayHoldUnsourced"/>) says it may hold.
    /// </summary>
    private Unsourced FindUnsourced(DicomDataset dataset, DicomTag tag, string text, Unsourced candidates)
    {
        var found = Unsourced.None;
        if ((candidates & Unsourced.Name) != 0 && TitledNames.Find(text, _folded, _hits))
        {
            found |= Unsourced.Name;
        }

        if ((candidates & (Unsourced.Date | Unsourced.Identifier)) == 0 || HoldsWhatItsNameSays(tag))
        {
            return found;
        }

        if ((candidates & Unsourced.Date) != 0 && !IsSnomedCode(dataset, tag) && WrittenDates.Find(text, _folded, _hits))
        {
            found |= Unsourced.Date;
        }

        if ((candidates & Unsourced.Identifier) != 0 && !IsCodeValue(tag) && WrittenIdentifiers.Find(text, _folded, _hits))
        {
            found |= Unsourced.Identifier;
        }

        return found;
    }

    private void RecordUnsourced(DicomTag path, Unsourced found)
    {
        if ((found & Unsourced.Name) != 0)
        {
            Record(path, SweepReason.NameAfterTitle);
        }

        if ((found & Unsourced.Date) != 0)
        {
            Record(path, SweepReason.DateInText);
        }

        if ((found & Unsourced.Identifier) != 0)
        {
            Record(path, SweepReason.IdentifierDigitsInText);
        }
    }

    /// <summary>
    /// An attribute whose keyword says what its value is, a version (Coding Scheme Version, Software Versions: a date
    /// there is a release's) or a name, an ID, a date, a place or a phone number (when such a value survives the
    /// profile, the user's options or site rules kept it): its numbers are what it is for.
    /// </summary>
    private static bool HoldsWhatItsNameSays(DicomTag tag) =>
        !tag.IsPrivate && DicomDictionary.TryGetEntry(tag, out var entry)
        && (entry.Keyword.Contains("Version", StringComparison.Ordinal) || InstanceNeedleCollector.KeywordNamesIdentifyingValue(entry.Keyword));

    /// <summary>
    /// A SNOMED CT code value: its eight-digit concept identifiers can read as a date (a five-digit item, the partition
    /// 00 and a check digit: "19321001"), and a code is the scheme's, not a value anyone typed.
    /// </summary>
    private static bool IsSnomedCode(DicomDataset dataset, DicomTag tag) =>
        tag == CodeValue && ElementValues.ReadText(dataset, CodingSchemeDesignator)?.Trim() is "SCT" or "SRT" or "SNM3";

    /// <summary>A code value of any scheme: codes of six digits and more are the norm (DCM's 113100, SNOMED CT's).</summary>
    private static bool IsCodeValue(DicomTag tag) => tag == CodeValue || tag == LongCodeValue;

    /// <summary>Whether a reading of <paramref name="text"/> other than its own (<see cref="EscapedText"/>) holds a needle.</summary>
    private bool HoldsEscapedNeedle(string text, bool coded)
    {
        foreach (var reading in EscapedText.Readings(text))
        {
            if (needles.FindIn(_folded.Fold(reading), null, coded))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces a value that holds a needle in an escaped reading: whole, since the reading's positions are not its own.</summary>
    private void ReplaceEscaped(DicomDataset dataset, in DicomEntry element, DicomTag path)
    {
        if (element.VR == DicomVR.PN)
        {
            ElementValues.SetEmpty(dataset, element);
            Record(path, SweepReason.IdentifierInName);
            return;
        }

        ElementValues.SetDummy(dataset, element, uids);
        Record(path, SweepReason.IdentifierEncoded);
    }

    [Flags]
    private enum Unsourced
    {
        None = 0,
        Name = 1,
        Date = 2,
        Identifier = 4,
    }
}
