using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>CT Image (PS3.3 C.8.2.1): an original axial image at 120 kVp, its reconstruction kernel, and Hounsfield units.</summary>
internal sealed class CtImageModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetStrings(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        dataset.SetNumbers(DicomTag.KVP, null, 120);
        dataset.SetString(DicomTag.ConvolutionKernel, instance.SeriesKind.Kernel);
        dataset.SetNumbers(DicomTag.RescaleIntercept, null, -1024.0);
        dataset.SetNumbers(DicomTag.RescaleSlope, null, 1.0);
        dataset.SetString(DicomTag.RescaleType, "HU");
    }
}
