using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Frame of Reference (PS3.3 C.7.4.1): one frame per study, shared by its series.</summary>
internal sealed class FrameOfReferenceModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetString(DicomTag.FrameOfReferenceUID, instance.Study.FrameOfReferenceUid);
        dataset.SetString(DicomTag.PositionReferenceIndicator, string.Empty);
    }
}
