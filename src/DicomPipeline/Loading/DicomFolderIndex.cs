namespace DicomPipeline.Loading;

/// <summary>The instances of a folder grouped by patient, study and series, in ordinal order of each key.</summary>
public sealed class DicomFolderIndex
{
    /// <summary>Creates an index.</summary>
    /// <param name="patients">The patients.</param>
    /// <param name="skipped">The files that were skipped.</param>
    public DicomFolderIndex(IReadOnlyList<DicomPatientGroup> patients, IReadOnlyList<SkippedFile> skipped)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(skipped);
        Patients = patients;
        Skipped = skipped;
    }

    /// <summary>The patients, by PatientID (empty when the attribute is absent).</summary>
    public IReadOnlyList<DicomPatientGroup> Patients { get; }

    /// <summary>The files that were skipped, with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>How many patients.</summary>
    public int PatientCount => Patients.Count;

    /// <summary>How many studies, over all patients.</summary>
    public int StudyCount => Patients.Sum(p => p.Studies.Count);

    /// <summary>How many series, over all studies.</summary>
    public int SeriesCount => Patients.Sum(p => p.Studies.Sum(s => s.Series.Count));

    /// <summary>How many instances, over all series.</summary>
    public int InstanceCount => Patients.Sum(p => p.Studies.Sum(s => s.Series.Sum(se => se.InstancePaths.Count)));
}
