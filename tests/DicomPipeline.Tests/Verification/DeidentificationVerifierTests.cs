using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;
using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class DeidentificationVerifierTests(DeidentifiedCorpusFixture corpus) : IClassFixture<DeidentifiedCorpusFixture>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-file-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task VerifyFileAsync_OutputOfItsOriginal_FindsNothing()
    {
        var (original, output, root) = await DeidentifyOneAsync();

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyFileAsync_OriginalPatientNameInAPrivateSequence_FoundWithItsPath()
    {
        var (original, output, root) = await DeidentifyOneAsync();
        var name = (await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientName)!;
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.TextValue, "Patient: " + name, DicomVR.UT);
            ds.SetString(new DicomTag(0x00290010), "SOME VENDOR", DicomVR.LO);
            ds.AddOrUpdate(new DicomSequence(new DicomTag(0x00291020), item));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().NotBeEmpty().And.OnlyContain(f => f.TagPath == "(0029,1020)[1]/(0040,A160)"
            && f.File == OutputFolderVerifierTests.Relative(root, output)
            && f.OriginalAttribute == "PatientName (0010,0010)");
    }

    [Fact]
    public async Task VerifyFileAsync_CodeValueSharingThePatientIdsDigits_IsACodedTermNotALeak()
    {
        // Regression: a kept SR content tree holds DCM codes (e.g. 121071); one of pydicom's files has a Patient ID whose
        // digits are such a code, and every SR code value was reported as "PatientID digits".
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        digits.Length.Should().BeGreaterThanOrEqualTo(4, "the corpus's Patient IDs carry digits");
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            var code = new DicomDataset();
            code.SetString(DicomTag.CodeValue, digits, DicomVR.SH);
            code.SetString(DicomTag.CodingSchemeDesignator, "DCM", DicomVR.SH);
            code.SetString(DicomTag.CodeMeaning, "Findings", DicomVR.LO);
            ds.AddOrUpdate(new DicomSequence(DicomTag.ConceptNameCodeSequence, code));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyFileAsync_WithoutOriginal_StillChecksPseudonymsAndPatientIdentityRemoved()
    {
        var (_, output, root) = await DeidentifyOneAsync();
        await OutputFolderVerifierTests.ChangeAsync(output, ds => ds.Remove(DicomTag.PatientIdentityRemoved));

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, null, root);

        findings.Should().ContainSingle().Which.TagPath.Should().Be("(0012,0062)");
    }

    private async Task<(string Original, string Output, string Root)> DeidentifyOneAsync()
    {
        var input = Path.Combine(_root.FullName, "in");
        var root = Path.Combine(_root.FullName, "out");
        Directory.CreateDirectory(input);
        var original = Path.Combine(input, "one.dcm");
        File.Copy(corpus.Corpus.Files[^1], original);
        await DicomPipelineBuilder.Create().LoadFrom(input).Anonymize(o => o.Secret = DeidentifiedCorpusFixture.Secret).SaveTo(root).Build().RunAsync();
        var output = Directory.EnumerateFiles(root, "*.dcm", SearchOption.AllDirectories).Single();
        return (original, output, root);
    }
}
