using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>
/// General Series (PS3.3 C.7.3.1): modality, the series' UID, number, date, time and description, the staff, the body
/// part, and the request attributes: identifiers one sequence level deep and the patient again two levels deep.
/// </summary>
internal sealed class GeneralSeriesModule : IModuleBuilder
{
    private const string DetachedPatientManagementUid = "1.2.840.10008.3.1.2.1.1";
    private const string DetachedStudyManagementUid = "1.2.840.10008.3.1.2.3.1";
    private const string LocalCodingScheme = "99SYNTH";

    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var patient = instance.Patient;
        var study = instance.Study;
        dataset.SetString(DicomTag.Modality, "CT");
        dataset.SetString(DicomTag.SeriesInstanceUID, instance.SeriesInstanceUid);
        dataset.SetNumbers(DicomTag.SeriesNumber, null, instance.SeriesIndex + 1);
        dataset.SetDate(DicomTag.SeriesDate, study.Date);
        dataset.SetTime(DicomTag.SeriesTime, instance.SeriesTime);
        dataset.SetString(DicomTag.SeriesDescription, instance.SeriesKind.Description);
        dataset.SetString(DicomTag.PerformingPhysicianName, study.PerformingPhysician);
        dataset.SetString(DicomTag.OperatorsName, study.Operator);
        dataset.SetString(DicomTag.BodyPartExamined, study.BodyPart);
        dataset.SetString(DicomTag.ProtocolName, study.Description);
        dataset.SetString(DicomTag.PatientPosition, "HFS");

        var request = SequenceItems.Add(dataset, DicomTag.RequestAttributesSequence);
        request.SetString(DicomTag.RequestedProcedureID, study.RequestedProcedureId);
        request.SetString(DicomTag.ScheduledProcedureStepID, study.ScheduledProcedureStepId);
        request.SetString(DicomTag.RequestedProcedureDescription, study.Description);
        request.SetString(DicomTag.ScheduledProcedureStepDescription, study.Description);
        var procedureCode = SequenceItems.Add(request, DicomTag.RequestedProcedureCodeSequence);
        procedureCode.SetString(DicomTag.CodeValue, study.ProcedureCode);
        procedureCode.SetString(DicomTag.CodingSchemeDesignator, LocalCodingScheme);
        procedureCode.SetString(DicomTag.CodeMeaning, study.Description);
        var referencedStudy = SequenceItems.Add(request, DicomTag.ReferencedStudySequence);
        referencedStudy.SetString(DicomTag.ReferencedSOPClassUID, DetachedStudyManagementUid);
        referencedStudy.SetString(DicomTag.ReferencedSOPInstanceUID, study.Uid);
        var referencedPatient = SequenceItems.Add(request, DicomTag.ReferencedPatientSequence);
        referencedPatient.SetString(DicomTag.ReferencedSOPClassUID, DetachedPatientManagementUid);
        referencedPatient.SetString(DicomTag.ReferencedSOPInstanceUID, patient.ReferencedPatientUid);
        referencedPatient.SetString(DicomTag.PatientName, patient.Name);
        referencedPatient.SetString(DicomTag.PatientID, patient.Id);
    }
}
