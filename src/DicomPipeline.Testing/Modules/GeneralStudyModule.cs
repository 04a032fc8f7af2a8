using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>General Study (PS3.3 C.7.2.1): the study's UID, date, time, IDs, description and referring physician.</summary>
internal sealed class GeneralStudyModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var study = instance.Study;
        dataset.SetString(DicomTag.StudyInstanceUID, study.Uid);
        dataset.SetDate(DicomTag.StudyDate, study.Date);
        dataset.SetTime(DicomTag.StudyTime, study.Time);
        dataset.SetString(DicomTag.AccessionNumber, study.AccessionNumber);
        dataset.SetString(DicomTag.StudyID, study.StudyId);
        dataset.SetString(DicomTag.StudyDescription, study.Description);
        dataset.SetString(DicomTag.ReferringPhysicianName, study.ReferringPhysician);

        // The physician again, as a coded person identification (PS3.3 Table 10-1) two sequence levels deep.
        var person = SequenceItems.Add(dataset, DicomTag.ReferringPhysicianIdentificationSequence);
        person.SetString(DicomTag.InstitutionName, instance.Patient.Institution.Name);
        var code = SequenceItems.Add(person, DicomTag.PersonIdentificationCodeSequence);
        code.SetString(DicomTag.CodeValue, study.ReferringPhysicianCode);
        code.SetString(DicomTag.CodingSchemeDesignator, "L");
        code.SetString(DicomTag.CodeMeaning, study.ReferringPhysician);
    }
}
