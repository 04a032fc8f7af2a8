using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// What docs/anonymization.md says becomes of Patient's Birth Date, Patient's Age and the dates under each option
/// (issue 23, "Docs that say what happens"): the birth date is always emptied (Table E.1-1 gives it Z and no option
/// keeps it), the age is removed unless Retain Patient Characteristics keeps it as the file had it (never computed),
/// study dates are emptied, shifted or kept by the date options.
/// </summary>
public sealed class BirthDateAndAgeTests
{
    public static TheoryData<string, string?, string?, string> Options() => new()
    {
        // option, PatientBirthDate, PatientAge (null: absent), StudyDate
        { "none", string.Empty, null, string.Empty },
        { "modified dates", string.Empty, null, "shifted" },
        { "full dates", string.Empty, null, "20240131" },
        { "patient characteristics", string.Empty, "058Y", string.Empty },
        { "patient characteristics and modified dates", string.Empty, "058Y", "shifted" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Anonymize_BirthDateAgeAndStudyDate_AsTheDocsSay(string option, string? birthDate, string? age, string studyDate)
    {
        var result = Anonymize(CreateInstance(), o =>
        {
            o.RetainLongitudinalModifiedDates = option.Contains("modified", StringComparison.Ordinal);
            o.RetainLongitudinalFullDates = option.Contains("full", StringComparison.Ordinal);
            o.RetainPatientCharacteristics = option.Contains("characteristics", StringComparison.Ordinal);
        });
        var ds = result.Dataset;

        ds.GetString(DicomTag.PatientBirthDate).Should().Be(birthDate, "the birth date is Z in Table E.1-1 and no option keeps it");
        ds.GetString(DicomTag.PatientAge).Should().Be(age, "the age is X unless Retain Patient Characteristics keeps it as it came");
        var expectedStudyDate = studyDate == "shifted"
            ? new DateOnly(2024, 1, 31).AddDays(new PseudonymGenerator(Secret).DateShiftDays("PID-4711")).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)
            : studyDate;
        ds.GetString(DicomTag.StudyDate).Should().Be(expectedStudyDate);
    }
}
