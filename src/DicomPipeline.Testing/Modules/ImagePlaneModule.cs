using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Image Plane (PS3.3 C.7.6.2): axial slices centred on the table, stepping down by the slice thickness.</summary>
internal sealed class ImagePlaneModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var spacing = instance.PixelSpacing;
        var z = instance.SliceLocation;
        dataset.SetNumbers(DicomTag.PixelSpacing, null, spacing, spacing);
        dataset.SetNumbers(DicomTag.ImageOrientationPatient, null, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
        dataset.SetNumbers(DicomTag.ImagePositionPatient, null, -spacing * instance.Columns / 2, -spacing * instance.Rows / 2, z);
        dataset.SetNumbers(DicomTag.SliceThickness, null, instance.SeriesKind.Thickness);
        dataset.SetNumbers(DicomTag.SliceLocation, null, z);
    }
}
