using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;
using DicomPipeline.Tests.Anonymization;
using DicomPipeline.Tests.Csv;

namespace DicomPipeline.Tests.Pipeline;

public sealed class CsvPatientIdentityProviderTests
{
    private const string TrialCsv =
        "OriginalPatientID,PatientID,PatientName,ClinicalTrialSubjectID\n" +
        "PID-4711,TRIAL-001,Trial^One,SUBJ-001\n" +
        "PID-2,TRIAL-002,Trial^Two,SUBJ-002\n" +
        "PID-3,TRIAL-003,,SUBJ-003\n";

    private static async Task<CsvLookupTable> LoadAsync(string text, CsvMergeOptions? options = null)
    {
        using var file = new CsvTestFile(text);
        return await new CsvLookupTableLoader().LoadAsync(file.Path, options ?? new CsvMergeOptions());
    }

    [Fact]
    public async Task GetIdentity_KnownPatient_GivesCsvIdentity()
    {
        var provider = CsvPatientIdentityProvider.For(await LoadAsync(TrialCsv))!;

        provider.GetIdentity("PID-2").Should().Be(new PatientPseudonym("TRIAL-002", "Trial^Two"));
        provider.GetIdentity("PID-3").Should().Be(new PatientPseudonym("TRIAL-003", "TRIAL-003"), "without a name the ID serves as both");
        provider.GetIdentity("PID-9").Should().BeNull();
        provider.GetIdentity(string.Empty).Should().BeNull();
    }

    [Fact]
    public async Task GetIdentity_NoPatientIdColumn_DefersToPseudonym()
    {
        var provider = CsvPatientIdentityProvider.For(await LoadAsync("OriginalPatientID,Arm\nPID-1,A\n"))!;

        provider.GetIdentity("PID-1").Should().BeNull();
    }

    [Fact]
    public async Task For_MatchedOnAccession_GivesNone()
    {
        var table = await LoadAsync("Accession,PatientID\nACC-7,T\n", new CsvMergeOptions { KeyColumn = "Accession", MatchAttribute = "AccessionNumber" });

        CsvPatientIdentityProvider.For(table).Should().BeNull("an accession number cannot say who the patient is");
    }

    [Fact]
    public async Task GetIdentity_WithAnonymizer_CsvIdentityReplacesOriginal()
    {
        var table = await LoadAsync(TrialCsv);
        var anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions
        {
            Secret = AnonymizationTestData.Secret,
            PatientIdentityProvider = CsvPatientIdentityProvider.For(table),
        });
        var original = new DicomFile(AnonymizationTestData.CreateInstance("PID-4711"));

        var result = anonymizer.Anonymize(original);
        table.TryGetRow(original.Dataset, out var row).Should().BeTrue();
        table.Apply(row!, result.Dataset);

        result.Dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-001");
        result.Dataset.GetString(DicomTag.PatientName).Should().Be("Trial^One");
        result.Dataset.GetString(DicomTag.ClinicalTrialSubjectID).Should().Be("SUBJ-001");
        result.Identities.Should().Contain(i => i.Keyword == "PatientID" && i.Replacement == "TRIAL-001");
    }
}
