using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// Clean (C) for text: one instance's identifying values, gathered when the first text is cleaned, and the blanking of
/// any kept text that repeats one of them.
/// </summary>
internal sealed class TextCleaner(DicomDataset source, AttributeActions actions, UidRemapper uids)
{
    private HashSet<string>? _identifiers;
    private HashSet<(IdentifierKind Kind, string Text)>? _gathered;

    /// <summary>
    /// Keeps the text unless, normalised, it contains a value the profile removes elsewhere in the instance; then zero
    /// length. UIDs inside a kept text become their remapped value.
    /// </summary>
    public void CleanText(DicomDataset dataset, in DicomEntry element)
    {
        if (element.IsInSourceFile)
        {
            ElementValues.SetEmpty(dataset, element);
            return;
        }

        var text = ElementValues.ReadText(dataset, element.Tag);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        // Gathered on the first text to clean: most instances have none, and gathering is the costly part.
        if (IdentifierNormalizer.ContainsAny(text, GatherIdentifiers()))
        {
            // A Code Meaning is Type 1 wherever a code is (the Basic Code Sequence Macro): emptied, the item would be
            // invalid, so it gets the dummy; other cleaned text goes empty.
            if (element.Tag == DicomTag.CodeMeaning)
            {
                ElementValues.SetDummy(dataset, element, uids);
            }
            else
            {
                ElementValues.SetEmpty(dataset, element);
            }

            return;
        }

        uids.ReplaceUidsInText(dataset, element);
    }

    /// <summary>The identifiers gathered from the source, gathering them the first time.</summary>
    public HashSet<string> GatherIdentifiers()
    {
        if (_identifiers is null)
        {
            _identifiers = new HashSet<string>(StringComparer.Ordinal);
            CollectIdentifiers(source);
        }

        return _identifiers;
    }

    /// <summary>
    /// Gathers, normalised, every name, date, ID and text the table removes or replaces, every name and date the
    /// safe-by-default layer does, and the text of private and unknown attributes (at any depth), so that cleaning can
    /// blank any kept text that repeats one of them.
    /// </summary>
    private void CollectIdentifiers(DicomDataset dataset)
    {
        foreach (ref readonly var element in dataset.Entries)
        {
            if (element.Sequence is { } sequence)
            {
                foreach (var item in sequence.InnerItems)
                {
                    CollectIdentifiers(item);
                }

                continue;
            }

            if (!element.IsElement || element.IsInSourceFile || !element.VR.IsString && element.VR != DicomVR.UN)
            {
                continue;
            }

            var tag = element.Tag;
            DicomDictionaryEntry? entry = null;
            var known = (tag.Group & 1) == 0 && DicomDictionary.TryGetEntry(tag, out entry);
            var vr = known ? entry!.DefaultVR : element.VR;
            var kind = vr == DicomVR.PN ? IdentifierKind.PersonName
                : vr == DicomVR.DA || vr == DicomVR.DT ? IdentifierKind.Date
                : AttributeActions.IsFreeText(vr) || vr == DicomVR.UN ? IdentifierKind.Text
                : (IdentifierKind?)null;
            // The table's removed values, and the names and dates of the safe-by-default layer; not free text it removes
            // (a comment is no identifier, and would match itself where a Clean option keeps it).
            var action = !known ? ProfileAction.Remove
                : actions.Table.Find(tag) ?? (kind is IdentifierKind.PersonName or IdentifierKind.Date ? actions.For(tag, vr, FreeTextMode.Normal) : null);
            if (kind is null || action is null or ProfileAction.Keep or ProfileAction.Clean or ProfileAction.ReplaceUid or ProfileAction.ReplaceUidsWithin)
            {
                continue;
            }

            // A value met again (an enhanced multi-frame header repeats its dates and names in every frame's items) adds
            // the variants it added the first time: it is normalised once.
            var text = ElementValues.ReadText(dataset, tag);
            if (!string.IsNullOrEmpty(text) && (_gathered ??= []).Add((kind.Value, text)))
            {
                IdentifierNormalizer.AddVariants(text, kind.Value, _identifiers!);
            }
        }
    }
}
