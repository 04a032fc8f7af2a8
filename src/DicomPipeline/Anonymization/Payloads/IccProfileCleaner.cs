using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>ICC Profile (0028,2000), at the top level or in an item (Optical Path Sequence, ...).</summary>
internal static class IccProfileCleaner
{
    /// <summary>Profiles are kilobytes; a value beyond this is not a profile anyone needs and is not read whole.</summary>
    private const long MaxProfileLength = 16L << 20;

    public static void CleanElement(DicomDataset dataset, DicomElement element, string path, List<PayloadAction> actions)
    {
        if (element.Length == 0)
        {
            return;
        }

        var bytes = element.Length <= MaxProfileLength ? element.GetBytes().ToArray() : null;
        if (bytes is null || IccProfile.DeclaredLength(bytes) is not { } size || !IccProfile.Neutralize(bytes))
        {
            dataset.Remove(element.Tag);
            actions.Add(new PayloadAction(path, PayloadReasons.IccRemoved));
            return;
        }

        // Bytes after the profile's own size are not the profile: they go.
        dataset.AddOrUpdate(new DicomElement(element.Tag, element.VR, bytes.AsMemory(0, size)));
        actions.Add(new PayloadAction(path, PayloadReasons.IccTextRewritten));
    }
}
