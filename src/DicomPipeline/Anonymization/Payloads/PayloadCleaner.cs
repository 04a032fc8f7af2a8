using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// The bytes the profile keeps without reading them: pixel data, ICC profiles, lookup tables, overlays and curves. Run
/// on the de-identified dataset (after the profile, the policy and site rules), it cuts each value to what its
/// descriptors say it holds, keeps only the fragments of the frames, strips JPEG comment and application segments,
/// rewrites ICC profile texts, and removes what no one can vouch for (icons, encrypted attributes). Site rules cannot
/// keep those: this step runs after them.
/// </summary>
internal static class PayloadCleaner
{
    /// <summary>Cleans <paramref name="dataset"/> in place (a dataset the run made: the input file is untouched).</summary>
    /// <returns>What was done, by tag path, for report.json.</returns>
    public static IReadOnlyList<PayloadAction> Clean(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var actions = new List<PayloadAction>();
        CleanItem(dataset, [], actions);
        PlaneData.Clean(dataset, actions);
        PixelDataPayload.Clean(dataset, syntax, actions);
        return actions;
    }

    /// <summary>Joins a tag path as report.json writes them, without item numbers: <c>(0048,0105)/(0028,2000)</c>.</summary>
    public static string PathOf(string prefix, DicomTag tag) => prefix.Length == 0 ? tag.ToString() : prefix + "/" + tag;

    /// <summary>What every dataset and item gets, at any depth.</summary>
    /// <param name="dataset">The dataset or item.</param>
    /// <param name="path">The sequences above it, outermost first: joined into a tag path only when something is reported
    /// (an enhanced multi-frame header has thousands of items, and building each one's path cost 2 % of its run).</param>
    /// <param name="actions">Where what was done goes.</param>
    private static void CleanItem(DicomDataset dataset, List<DicomTag> path, List<PayloadAction> actions)
    {
        // Most datasets hold none of these: look before doing anything, so ordinary files cost one pass.
        List<DicomAttribute>? payloads = null;
        for (var i = 0; i < dataset.Count; i++)
        {
            if (IsPayloadTag(dataset.EntryAt(i).Tag))
            {
                (payloads ??= []).Add(dataset.AttributeAt(i));
            }
        }

        if (payloads is not null)
        {
            var prefix = string.Join('/', path);
            foreach (var attribute in payloads)
            {
                var tag = attribute.Tag;
                if (tag == DicomTag.IconImageSequence)
                {
                    dataset.Remove(tag);
                    actions.Add(new PayloadAction(PathOf(prefix, tag), PayloadReasons.IconRemoved));
                }
                else if (tag == DicomTag.EncryptedAttributesSequence)
                {
                    dataset.Remove(tag);
                    actions.Add(new PayloadAction(PathOf(prefix, tag), PayloadReasons.EncryptedRemoved));
                }
                else if (tag == DicomTag.ICCProfile && attribute is DicomElement icc)
                {
                    IccProfileCleaner.CleanElement(dataset, icc, PathOf(prefix, tag), actions);
                }
            }

            LookupTables.Clean(dataset, prefix, actions);
        }

        foreach (ref readonly var attribute in dataset.Entries)
        {
            if (attribute.Sequence is { } sequence)
            {
                path.Add(sequence.Tag);
                foreach (var item in sequence.InnerItems)
                {
                    CleanItem(item, path, actions);
                }

                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static bool IsPayloadTag(DicomTag tag) =>
        tag.Group == 0x0028 ? tag == DicomTag.ICCProfile || LookupTables.IsLookupTableTag(tag)
        : tag == DicomTag.IconImageSequence || tag == DicomTag.EncryptedAttributesSequence;
}
