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
    public async Task VerifyFileAsync_PaletteTableWhoseBytesSpellThePatientIdsDigits_IsNumbersNotALeak()
    {
        // A palette colour table (OW, as in octave-dicom's US-PAL-8-10x-echo.dcm) read as Latin-1 text is single digits
        // and letters between NULs; tokens are joined when hashed, so a numeric Patient ID matched a run of them.
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        // 16-bit little-endian entries 0x0031, 0x0032, ...: the bytes "1", NUL, "2", NUL, ... cut into the tokens "1", "2", ...
        var table = new byte[256];
        for (var i = 0; i < digits.Length; i++)
        {
            table[100 + (2 * i)] = (byte)digits[i];
        }
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            ds.AddOrUpdate(new DicomElement(DicomTag.RedPaletteColorLookupTableData, DicomVR.OW, table));
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x60003000), DicomVR.OW, table));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().BeEmpty("a standard attribute of OW, OF, OD, OL or OV holds numbers, not text");
    }

    [Fact]
    public async Task VerifyFileAsync_PatientIdsDigitsInAPrivateOwElement_StillFound()
    {
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        var blob = new byte[256];
        System.Text.Encoding.ASCII.GetBytes("id " + digits).CopyTo(blob, 100);
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            ds.SetString(new DicomTag(0x00290010), "SOME VENDOR", DicomVR.LO);
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x00291001), DicomVR.OW, blob));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().Contain(f => f.TagPath == "(0029,1001)", "a private binary element may hide anything");
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
