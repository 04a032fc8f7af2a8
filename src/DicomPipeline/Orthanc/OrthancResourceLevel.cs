namespace DicomPipeline.Orthanc;

/// <summary>The level of the DICOM model a search (<see cref="IOrthancClient.FindAsync"/>) returns.</summary>
public enum OrthancResourceLevel
{
    /// <summary>Patients.</summary>
    Patient = 0,

    /// <summary>Studies.</summary>
    Study,

    /// <summary>Series.</summary>
    Series,

    /// <summary>Instances.</summary>
    Instance,
}
