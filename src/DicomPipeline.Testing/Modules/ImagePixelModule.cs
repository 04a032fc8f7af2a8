using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Image Pixel (PS3.3 C.7.6.3): a 12-bit signed monochrome <see cref="CtPhantom"/> slice.</summary>
/// <remarks>Draws the pixel noise from the corpus's generator.</remarks>
internal sealed class ImagePixelModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var (pixels, smallest, largest) = CtPhantom.Create(instance.Random, instance.Rows, instance.Columns, instance.InstanceIndex, instance.InstancesPerSeries);
        dataset.SetNumbers(DicomTag.SamplesPerPixel, null, (ushort)1);
        dataset.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        dataset.SetNumbers(DicomTag.Rows, null, (ushort)instance.Rows);
        dataset.SetNumbers(DicomTag.Columns, null, (ushort)instance.Columns);
        dataset.SetNumbers(DicomTag.BitsAllocated, null, (ushort)16);
        dataset.SetNumbers(DicomTag.BitsStored, null, (ushort)12);
        dataset.SetNumbers(DicomTag.HighBit, null, (ushort)11);
        dataset.SetNumbers(DicomTag.PixelRepresentation, null, (ushort)1);
        dataset.SetNumbers(DicomTag.SmallestImagePixelValue, DicomVR.SS, smallest);
        dataset.SetNumbers(DicomTag.LargestImagePixelValue, DicomVR.SS, largest);
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
    }
}
