using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Patient Study (PS3.3 C.7.2.2): the patient's age on the study date and weight.</summary>
internal sealed class PatientStudyModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetString(DicomTag.PatientAge, AgeString(instance.Patient.BirthDate, instance.Study.Date));
        dataset.SetNumbers(DicomTag.PatientWeight, null, instance.Patient.Weight);
    }

    /// <summary>An AS value in years (PS3.5 6.2): three digits and <c>Y</c>.</summary>
    private static string AgeString(DateOnly birthDate, DateOnly on)
    {
        var years = on.Year - birthDate.Year;
        if (on < birthDate.AddYears(years))
        {
            years--;
        }

        return years.ToString("D3", CultureInfo.InvariantCulture) + "Y";
    }
}
