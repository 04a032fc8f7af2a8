using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>The repeating curve and overlay groups, whose attributes belong together per plane.</summary>
internal static class OverlayPlanes
{
    /// <summary>Removes every overlay or curve plane left without its data (Type 1): its description and label would leak alone.</summary>
    public static void RemoveIncomplete(DicomDataset dataset)
    {
        var planes = new HashSet<ushort>();
        var withData = new HashSet<ushort>();
        foreach (var attribute in dataset)
        {
            var group = attribute.Tag.Group;
            if (IsPlaneGroup(group))
            {
                planes.Add(group);
                if (attribute.Tag.Element == 0x3000)
                {
                    withData.Add(group);
                }
            }
        }

        planes.ExceptWith(withData);
        if (planes.Count > 0)
        {
            dataset.RemoveAll(a => planes.Contains(a.Tag.Group));
        }
    }

    /// <summary>The curve groups 5000-501E and overlay groups 6000-601E (even; PS3.5 7.6).</summary>
    public static bool IsPlaneGroup(ushort group) => (group & 0xFF01) is 0x5000 or 0x6000 && (group & 0xFF) <= 0x1E;
}
