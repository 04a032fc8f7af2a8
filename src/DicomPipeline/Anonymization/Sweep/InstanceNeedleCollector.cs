using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Collects, before any rule runs, the identifying values of one instance at every depth: every person name, the IDs
/// (attributes named …ID, …IDs, …Number, …Identifier, …Locator, and order numbers), institution, department, address,
/// residence, station, location, telecom and occupation phrases, phone numbers, dates (also a date written as text, as
/// in another calendar), the person names and dates of private attributes, and the UIDs the registry does not define —
/// each only when the profile, its options and the site rules do not keep that attribute (what the user chose to keep
/// is not a secret to hunt for).
/// </summary>
internal static class InstanceNeedleCollector
{
    private static readonly string[] IdentifierEndings = ["ID", "IDs", "Number", "Numbers", "Identifier", "Locator"];
    private static readonly string[] IdentifierWords = ["OrderNumber", "Date", "AETitle"];
    private static readonly string[] PhraseWords = ["Institution", "Department", "Address", "Residence", "Station", "Location", "Telecom", "Occupation", "MilitaryRank", "BranchOfService"];

    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);

    public static IdentifierNeedles Collect(DicomDataset source, AttributeActions actions, SiteRules? rules, AnonymizationOptions options, FoldedText folding)
    {
        var caches = NeedleCaches.For(actions);
        var found = new NeedleSource(caches);
        try
        {
            var kinds = caches.KindsFor(options.RetainUids);
            Walk(source, actions, rules, options, found, kinds, depth: 0);
            return IdentifierNeedles.Create(found.SetOf(), found.Uids, folding);
        }
        finally
        {
            found.Dispose();
        }
    }

    private static void Walk(
        DicomDataset dataset, AttributeActions actions, SiteRules? rules, AnonymizationOptions options, NeedleSource needles, ConcurrentDictionary<uint, Kind> kinds, int depth)
    {
        // Which character set decodes this dataset's values is part of what the series' set is made of.
        var ownCharacterSet = dataset.TryGetValueEntry(SpecificCharacterSet, out var declared) && !declared.IsInSourceFile;
        if (ownCharacterSet)
        {
            needles.EnterCharacterSet(declared.MemoryBytes.Span);
        }

        foreach (ref readonly var element in dataset.Entries)
        {
            Collect(dataset, element, actions, rules, options, needles, kinds, depth);
        }

        // A tag the file held twice: the value the reader replaced is the instance's too.
        if (dataset.Shadowed is { } shadowed)
        {
            foreach (var element in shadowed)
            {
                Collect(dataset, element, actions, rules, options, needles, kinds, depth);
            }
        }

        if (ownCharacterSet)
        {
            needles.LeaveCharacterSet();
        }
    }

    // Inlined into the walk's loop: a call per attribute with eight arguments cost 9K instructions per file (callgrind).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Collect(
        DicomDataset dataset, in DicomEntry element, AttributeActions actions, SiteRules? rules, AnonymizationOptions options, NeedleSource needles, ConcurrentDictionary<uint, Kind> kinds, int depth)
    {
        if (element.Sequence is { } sequence)
        {
            var sequenceTag = sequence.Tag;
            if (depth < 64 && !sequenceTag.IsPrivate && sequenceTag.Group != 0x0002)
            {
                foreach (var item in sequence.InnerItems)
                {
                    Walk(item, actions, rules, options, needles, kinds, depth + 1);
                }
            }

            return;
        }

        if (!element.IsElement || element.IsInSourceFile)
        {
            return;
        }

        // What the tag names is judged once per anonymizer (its actions and options), not once per value; a private
        // tag means something else under every creator: its VR says whether it holds a name or a date.
        var tag = element.Tag;
        Kind kind;
        if (tag.IsPrivate)
        {
            kind = PrivateKindOf(dataset, element, options);
        }
        else if (!kinds.TryGetValue(tag.Value, out kind))
        {
            kind = KindOf(tag, actions, options);
            kinds.TryAdd(tag.Value, kind);
        }

        // A public attribute is judged by its dictionary entry whatever VR the file gave it: a Patient's Name written
        // as OB or UN is still the name. A number is no text.
        if (kind == Kind.None || (!element.VR.IsString && (tag.IsPrivate ? element.VR != DicomVR.UN : element.VR.IsBinaryNumber))
            || rules?.Find(dataset, tag, element.VR) is { Action: AnonymizationRuleAction.Keep })
        {
            // Kept by its VR, its action or a site rule, or text that names no one: not read.
            return;
        }

        // Only the value's bytes are read here; they are decoded to text only when the series' set is made. Kept dates
        // (Full Dates) came back as Keep above; the dates here are removed or shifted.
        if (kind == Kind.Uid)
        {
            needles.AddUids(element.MemoryBytes);
            return;
        }

        needles.Add(
            kind switch
            {
                Kind.Name => NeedleKind.Name,
                Kind.Date => NeedleKind.Date,
                Kind.Phone => NeedleKind.Phone,
                Kind.Phrase => NeedleKind.Phrase,
                _ => NeedleKind.Identifier,
            },
            dataset,
            element);
    }

    /// <summary>What a tag names, by its dictionary entry, the anonymizer's action for it and the options.</summary>
    private static Kind KindOf(DicomTag tag, AttributeActions actions, AnonymizationOptions options)
    {
        if (tag.IsGroupLength || tag.Group == 0x0002 || !DicomDictionary.TryGetEntry(tag, out var entry))
        {
            return Kind.None;
        }

        // Judged by what the dictionary says the attribute is, as the anonymizer does.
        var vr = entry.DefaultVR;
        if (!vr.IsString)
        {
            return Kind.None;
        }

        var action = actions.For(tag, vr, FreeTextMode.Normal);
        return action == ProfileAction.Keep ? Kind.None
            : vr == DicomVR.PN ? Kind.Name
            : vr == DicomVR.UI ? (options.RetainUids ? Kind.None : Kind.Uid)
            : vr == DicomVR.DA || vr == DicomVR.DT ? Kind.Date
            : action is null ? Kind.None
            : KindOf(entry.Keyword);
    }

    /// <summary>Whether an attribute's keyword says its value is a name, an ID, a date, a place or a phone number.</summary>
    internal static bool KeywordNamesIdentifyingValue(string keyword) => KindOf(keyword) != Kind.None;

    private static Kind KindOf(string keyword) =>
        keyword.Contains("Telephone", StringComparison.Ordinal) ? Kind.Phone
        : Array.Exists(PhraseWords, w => keyword.Contains(w, StringComparison.Ordinal)) ? Kind.Phrase
        : Array.Exists(IdentifierEndings, e => keyword.EndsWith(e, StringComparison.Ordinal))
            || Array.Exists(IdentifierWords, w => keyword.Contains(w, StringComparison.Ordinal)) ? Kind.Identifier
        : Kind.None;

    /// <summary>
    /// A private attribute's person name or date is a needle (the profile removes private attributes), unless Retain
    /// Safe Private keeps it; its other values are judged by the private-attribute rules, not hunted for.
    /// </summary>
    private static Kind PrivateKindOf(DicomDataset dataset, in DicomEntry element, AnonymizationOptions options)
    {
        var vr = element.VR;
        var kind = vr == DicomVR.PN ? Kind.Name : vr == DicomVR.DA || vr == DicomVR.DT ? Kind.Date : Kind.None;
        return kind == Kind.None || element.Tag.IsPrivateCreator || SafePrivateAttributes.IsSafe(dataset, element.Tag, options, out _)
            ? Kind.None
            : kind;
    }

    internal enum Kind
    {
        None,
        Name,
        Uid,
        Date,
        Phone,
        Phrase,
        Identifier,
    }
}
