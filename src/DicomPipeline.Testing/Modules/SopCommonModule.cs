using DicomPipeline.Dicom;
using DicomPipeline.Testing.Cohort;

namespace DicomPipeline.Testing.Modules;

/// <summary>SOP Common (PS3.3 C.12.1): the SOP class and instance, when the instance was made, and the character set.</summary>
/// <remarks>Runs first: the dataset encodes text when it is set, in the Specific Character Set set here.</remarks>
internal sealed class SopCommonModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        switch (instance.Patient.Kind)
        {
            case CharacterSetKind.Utf8:
                dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
                break;
            case CharacterSetKind.Latin1:
                dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
                break;
            default:
                break;
        }

        dataset.SetString(DicomTag.SOPClassUID, DicomCorpusSynthesizer.CTImageStorageUid);
        dataset.SetString(DicomTag.SOPInstanceUID, instance.SopInstanceUid);
        dataset.SetDate(DicomTag.InstanceCreationDate, instance.Study.Date);
        dataset.SetTime(DicomTag.InstanceCreationTime, instance.ContentTime);
    }
}
