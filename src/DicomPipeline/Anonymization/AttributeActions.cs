using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The action for any attribute under one set of options: Table E.1-1 (with the options) where it lists the tag, else the
/// safe-by-default layer. Made once per anonymizer; stateless.
/// </summary>
internal sealed class AttributeActions(ConfidentialityProfileActions table, AnonymizationOptions options)
{
    /// <summary>Table E.1-1 resolved for the options.</summary>
    public ConfidentialityProfileActions Table { get; } = table;

    /// <summary>
    /// The action for an attribute: the table's (with the options) when it lists the tag; otherwise the safe-by-default
    /// layer by the dictionary VR: names replaced, dates shifted or removed, UIDs remapped unless they name a class, free
    /// text by its reviewed class.
    /// </summary>
    public ProfileAction? For(DicomTag tag, DicomVR vr, FreeTextMode mode)
    {
        var action = Table.Find(tag);
        if (action is not null)
        {
            return action;
        }

        if (vr == DicomVR.PN)
        {
            return ProfileAction.ZeroLength;
        }

        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            return options.RetainLongitudinalModifiedDates ? ProfileAction.Clean
                : options.RetainLongitudinalFullDates ? ProfileAction.Keep
                : ProfileAction.Remove;
        }

        if (vr == DicomVR.UI)
        {
            // Every value is remapped unless the standard defines it, whatever the attribute's name says: a "class UID"
            // attribute holding an instance UID or the digits of an ID is remapped like any other (UidRemapper).
            return options.RetainUids ? ProfileAction.Keep : ProfileAction.ReplaceUid;
        }

        if (!IsFreeText(vr))
        {
            return null;
        }

        var reviewed = ReviewedAttributes.FindFreeText(tag) ?? FreeTextClass.Clean;
        return (mode, reviewed) switch
        {
            (FreeTextMode.Normal, FreeTextClass.Keep) => null,
            // The dummy, not zero length: valid where the text is Type 1 (an SR TEXT item's Text Value), and it carries nothing.
            (FreeTextMode.Normal or FreeTextMode.KeptTree, FreeTextClass.Remove) => ProfileAction.Dummy,
            _ => ProfileAction.Clean,
        };
    }

    /// <summary>The VRs of text a person may have typed (names included).</summary>
    public static bool IsFreeText(DicomVR vr) =>
        vr == DicomVR.PN || vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT
        || vr == DicomVR.UT || vr == DicomVR.UC || vr == DicomVR.AE || vr == DicomVR.UR;
}
