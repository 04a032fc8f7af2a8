using System.Collections.ObjectModel;

namespace DicomPipeline.Testing.Cohort;

/// <summary>The identifying values planted, each once, in the order first planted.</summary>
internal sealed class IdentifyingValues
{
    private readonly List<string> _values = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public void AddPatient(SyntheticPatient patient)
    {
        AddPersonName(patient.Name);
        Add(patient.Id, patient.OtherId, patient.Issuer, patient.OtherIssuer, patient.BirthDateText, patient.ReferencedPatientUid);
        Add(patient.Institution.Name, patient.Institution.Address);
    }

    public void AddStudy(SyntheticStudy study)
    {
        Add(study.Uid, study.FrameOfReferenceUid, study.AccessionNumber, study.StudyId, study.RequestedProcedureId,
            study.ScheduledProcedureStepId, study.StationName, study.DeviceSerialNumber, study.ReferringPhysicianCode);
        AddPersonName(study.ReferringPhysician);
        AddPersonName(study.PerformingPhysician);
        AddPersonName(study.Operator);
        Add(study.SeriesUids);
        foreach (var sopInstanceUids in study.SopInstanceUids)
        {
            Add(sopInstanceUids);
        }
    }

    public ReadOnlyCollection<string> ToReadOnly() => _values.ToArray().AsReadOnly();

    private void Add(params ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value) && _seen.Add(value))
            {
                _values.Add(value);
            }
        }
    }

    /// <summary>A PN value: the whole, each component group and each non-empty component.</summary>
    private void AddPersonName(string name)
    {
        Add(name);
        foreach (var group in name.Split('='))
        {
            Add(group);
            foreach (var component in group.Split('^'))
            {
                Add(component);
            }
        }
    }
}
