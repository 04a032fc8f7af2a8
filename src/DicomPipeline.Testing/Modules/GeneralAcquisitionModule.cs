using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>General Acquisition (PS3.3 C.7.10.1): one acquisition per study, each slice acquired at its own time.</summary>
internal sealed class GeneralAcquisitionModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetNumbers(DicomTag.AcquisitionNumber, null, instance.Study.Number);
        dataset.SetDate(DicomTag.AcquisitionDate, instance.Study.Date);
        dataset.SetTime(DicomTag.AcquisitionTime, instance.AcquisitionTime);
    }
}
