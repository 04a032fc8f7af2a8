using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>VOI LUT (PS3.3 C.11.2): a soft-tissue window.</summary>
internal sealed class VoiLutModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetNumbers(DicomTag.WindowCenter, null, 40.0);
        dataset.SetNumbers(DicomTag.WindowWidth, null, 400.0);
    }
}
