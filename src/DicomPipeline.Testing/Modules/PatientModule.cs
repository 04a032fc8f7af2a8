using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Patient (PS3.3 C.7.1.1): name, ID and its issuer, birth date, sex, and another ID one sequence level deep.</summary>
internal sealed class PatientModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var patient = instance.Patient;
        dataset.SetString(DicomTag.PatientName, patient.Name);
        dataset.SetString(DicomTag.PatientID, patient.Id);
        dataset.SetString(DicomTag.IssuerOfPatientID, patient.Issuer);
        dataset.SetDate(DicomTag.PatientBirthDate, patient.BirthDate);
        dataset.SetString(DicomTag.PatientSex, patient.Sex);
        var otherId = SequenceItems.Add(dataset, DicomTag.OtherPatientIDsSequence);
        otherId.SetString(DicomTag.PatientID, patient.OtherId);
        otherId.SetString(DicomTag.IssuerOfPatientID, patient.OtherIssuer);
        otherId.SetString(DicomTag.TypeOfPatientID, "TEXT");
    }
}
