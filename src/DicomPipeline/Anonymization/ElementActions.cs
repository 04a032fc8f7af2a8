using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// What an action does to one element's value, for <see cref="AnonymizationRun"/>: a resolved Table E.1-1 action
/// (<see cref="Apply"/>) or a site rule's (<see cref="ApplyRule"/>). The run decides which action an attribute gets and
/// walks the sequences; this changes the value and nothing else.
/// </summary>
internal sealed class ElementActions(
    DicomDataset source, AttributeActions actions, UidRemapper uids, RunIdentities identities, PseudonymGenerator pseudonyms)
{
    private TextCleaner? _text;

    /// <summary>Gathers the identifiers the text cleaner matches against from the source now, before any value changes.</summary>
    public void GatherTextIdentifiers() => (_text ??= new TextCleaner(source, actions, uids)).GatherIdentifiers();

    /// <summary>Applies a profile action (<see langword="null"/> when the table does not list the attribute).</summary>
    public void Apply(DicomDataset dataset, in DicomEntry element, ProfileAction? action)
    {
        switch (action)
        {
            case null:
            case ProfileAction.Keep:
                uids.ReplaceUidsInText(dataset, element);
                break;
            case ProfileAction.Remove:
                dataset.Remove(element.Tag);
                break;
            case ProfileAction.ZeroLength:
                ElementValues.SetEmpty(dataset, element);
                break;
            case ProfileAction.Dummy:
                ElementValues.SetDummy(dataset, element, uids);
                break;
            case ProfileAction.ReplaceUid:
            case ProfileAction.ReplaceUidsWithin:
                uids.ReplaceUids(dataset, element);
                break;
            case ProfileAction.Clean:
                Clean(dataset, element);
                break;
        }
    }

    /// <summary>Applies a site rule's action to an element (the run has read it with its dictionary VR where it can).</summary>
    public void ApplyRule(DicomDataset dataset, in DicomEntry element, SiteRules.Rule rule)
    {
        switch (rule.Action)
        {
            case AnonymizationRuleAction.Keep:
                break;
            case AnonymizationRuleAction.Remove:
                dataset.Remove(element.Tag);
                break;
            case AnonymizationRuleAction.Empty:
                ElementValues.SetEmpty(dataset, element);
                break;
            case AnonymizationRuleAction.Dummy:
                ElementValues.SetDummy(dataset, element, uids);
                break;
            case AnonymizationRuleAction.Replace when element.VR.IsString:
                dataset.SetString(element.Tag, rule.Value ?? string.Empty, element.VR);
                break;
            case AnonymizationRuleAction.RemapUid:
                uids.ReplaceUids(dataset, element);
                break;
            case AnonymizationRuleAction.ShiftDate:
                ElementValues.ShiftDates(dataset, element, identities.DateShiftDays);
                break;
            case AnonymizationRuleAction.Hash when element.VR.IsString && !element.IsInSourceFile && !ElementValues.IsBlank(element):
                var hash = pseudonyms.Hash(ElementValues.ReadText(dataset, element.Tag) ?? string.Empty);
                dataset.SetString(element.Tag, element.VR.MaxLength < hash.Length ? hash[..element.VR.MaxLength] : hash, element.VR);
                break;
            default:
                // Replace or Hash on a value that is not text (checked where the VR is known in advance): nothing is kept.
                ElementValues.SetEmpty(dataset, element);
                break;
        }
    }

    private void Clean(DicomDataset dataset, in DicomEntry element)
    {
        var vr = element.VR;
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            ElementValues.ShiftDates(dataset, element, identities.DateShiftDays);
        }
        else if (vr == DicomVR.TM || vr.IsBinaryNumber || vr == DicomVR.AT)
        {
            // Times of day carry no date, and numbers no text.
        }
        else if (vr == DicomVR.UI)
        {
            uids.ReplaceUids(dataset, element);
        }
        else if (vr.IsString)
        {
            (_text ??= new TextCleaner(source, actions, uids)).CleanText(dataset, element);
        }
        else if (!OverlayPlanes.IsPlaneGroup(element.Tag.Group))
        {
            // Bytes cannot be inspected: removed. Overlay and curve data are the graphic Clean Graphics keeps.
            dataset.Remove(element.Tag);
        }
    }
}
