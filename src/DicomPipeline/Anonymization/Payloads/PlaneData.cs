using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Overlay data (60xx,3000) and curve data (50xx,3000), each checked against the descriptors of its plane: longer is
/// cut, shorter or undescribed removes the whole plane (its rows, labels and all).
/// </summary>
internal static class PlaneData
{
    public static void Clean(DicomDataset dataset, List<PayloadAction> actions)
    {
        List<DicomElement>? planes = null;
        for (var i = 0; i < dataset.Count; i++)
        {
            var attribute = dataset.EntryAt(i);
            if (attribute.Tag.Element == 0x3000 && OverlayPlanes.IsPlaneGroup(attribute.Tag.Group) && attribute.IsElement)
            {
                (planes ??= []).Add((DicomElement)dataset.AttributeAt(i));
            }
        }

        if (planes is null)
        {
            return;
        }

        foreach (var data in planes)
        {
            var group = data.Tag.Group;
            var overlay = (group & 0xFF00) == 0x6000;
            var expected = overlay ? OverlayLength(dataset, group) : CurveLength(dataset, group);
            var path = data.Tag.ToString();
            if (expected is null || data.Length < expected)
            {
                dataset.RemoveAll(a => a.Tag.Group == group);
                actions.Add(new PayloadAction(path, overlay ? PayloadReasons.OverlayRemoved : PayloadReasons.CurveRemoved));
            }
            else if (DescriptorValues.ExceedsEven(data.Length, expected.Value))
            {
                dataset.AddOrUpdate(DescriptorValues.Cut(data, expected.Value));
                actions.Add(new PayloadAction(path, overlay ? PayloadReasons.OverlayCut : PayloadReasons.CurveCut));
            }
        }
    }

    /// <summary>Overlay bits are packed, one per pixel: rows x columns x frames bits, rounded up to bytes (PS3.3 C.9.2).</summary>
    private static long? OverlayLength(DicomDataset dataset, ushort group)
    {
        var rows = DescriptorValues.Number(dataset, new DicomTag(group, 0x0010));
        var columns = DescriptorValues.Number(dataset, new DicomTag(group, 0x0011));
        var frames = DescriptorValues.Number(dataset, new DicomTag(group, 0x0015)) ?? 1;
        var bitsAllocated = DescriptorValues.Number(dataset, new DicomTag(group, 0x0100)) ?? 1;
        if (rows is null || columns is null || bitsAllocated != 1)
        {
            return null;
        }

        return ((rows.Value * columns.Value * Math.Max(frames, 1)) + 7) / 8;
    }

    /// <summary>Curve data (retired, PS3.3 2004 C.10.2): points x dimensions x the size of the data value representation.</summary>
    private static long? CurveLength(DicomDataset dataset, ushort group)
    {
        var dimensions = DescriptorValues.Number(dataset, new DicomTag(group, 0x0005));
        var points = DescriptorValues.Number(dataset, new DicomTag(group, 0x0010));
        var size = DescriptorValues.Number(dataset, new DicomTag(group, 0x0103)) switch
        {
            0 or 1 => 2,
            2 or 4 => 4,
            3 => 8,
            _ => (long?)null,
        };
        return dimensions is null || points is null || size is null ? null : dimensions.Value * points.Value * size.Value;
    }
}
