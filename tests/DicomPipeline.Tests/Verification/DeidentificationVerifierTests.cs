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

    [Theory]
    [InlineData("InstitutionName", "Bemuxita Infirmary", "Bemuxita protocol")]
    [InlineData("PatientAddress", "7 Qizekikun Road, Zebtown", "Qizekikun")]
    [InlineData("StationName", "KELSO-CT2", "KELSO lung")]
    [InlineData("PatientTelecomInformation", "jq.vantassel@mailhost.example", "mail vantassel")]
    [InlineData("Occupation", "Lighthouse keeper", "Lighthouse keeper")]
    [InlineData("PatientID", "001320159", "ref 1320159")]
    public async Task VerifyFileAsync_WordOrSpellingOfAnOriginalValueInKeptText_Found(string keyword, string original, string kept)
    {
        // An outside hunt (2026-12-07) found these copies in kept text, and verify did not: a word of a place, an e-mail,
        // the occupation, an ID without its leading zeros. The words every place has (Road, Infirmary) are not searched.
        var (source, output, root) = await DeidentifyOneAsync();
        var tag = DicomDictionary.TryGetTag(keyword, out var found) ? found : throw new InvalidOperationException(keyword);
        await OutputFolderVerifierTests.ChangeAsync(source, ds => ds.SetString(tag, original));
        await OutputFolderVerifierTests.ChangeAsync(output, ds => ds.SetString(DicomTag.WindowCenterWidthExplanation, kept, DicomVR.LO));

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, source, root);

        findings.Should().Contain(f => f.TagPath == "(0028,1055)" && f.OriginalAttribute != null && f.OriginalAttribute.StartsWith(keyword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyFileAsync_CodeValueHoldingThePatientIdsDigits_Found()
    {
        // A code value is a kept value like any other: an ID written as a "code" is still the ID. (A DCM code that
        // happens to equal an ID's digits was once skipped as a coded term; a code value is now searched, and runs of
        // fewer than five digits are not searched for anywhere.)
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        digits.Length.Should().BeGreaterThanOrEqualTo(IdentifierRules.MinimumDigits, "the corpus's Patient IDs carry digits");
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            var code = new DicomDataset();
            code.SetString(DicomTag.CodeValue, digits, DicomVR.SH);
            code.SetString(DicomTag.CodingSchemeDesignator, "DCM", DicomVR.SH);
            code.SetString(DicomTag.CodeMeaning, "Findings", DicomVR.LO);
            ds.AddOrUpdate(new DicomSequence(DicomTag.ConceptNameCodeSequence, code));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().Contain(f => f.TagPath == "(0040,A043)[1]/(0008,0100)" && f.OriginalAttribute == "PatientID (0010,0020)");
    }

    [Fact]
    public async Task VerifyFileAsync_TableWhoseBytesAreSingleDigitsBetweenNuls_IsNumbersNotALeak()
    {
        // A number table (a palette, as in octave-dicom's US-PAL-8-10x-echo.dcm) read as text is single digits and
        // letters between NULs; NUL is a hard break, so the digits of a numeric Patient ID spread over a table's entries
        // do not add up to it. (Read as UTF-16, entries 0x0031, 0x0032, ... would be the text "12...", which is text.)
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        // 32-bit little-endian entries 0x00000031, 0x00000032, ...: "1", NUL, NUL, NUL, "2", ... however it is read.
        var table = new byte[256];
        for (var i = 0; i < digits.Length; i++)
        {
            table[100 + (4 * i)] = (byte)digits[i];
        }
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            ds.AddOrUpdate(new DicomElement(DicomTag.RedPaletteColorLookupTableData, DicomVR.OW, table));
            ds.AddOrUpdate(new DicomElement(new DicomTag(0x60003000), DicomVR.OW, table));
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().BeEmpty("single digits between NULs are not a run of digits");
    }

    [Fact]
    public async Task VerifyFileAsync_DecimalNumbersWhoseDigitsJoinIntoThePatientIdsDigits_AreNumbersNotALeak()
    {
        // Found on pydicom's test files: ImageOrientationPatient's 1.0000\0.0000\… joined into a Patient ID made of ones
        // and zeros. In DS and IS values the decimal point and the value delimiter are hard breaks.
        var (original, output, root) = await DeidentifyOneAsync();
        var digits = new string((await DicomFile.OpenAsync(original)).Dataset.GetString(DicomTag.PatientID)!.Where(char.IsAsciiDigit).ToArray());
        await OutputFolderVerifierTests.ChangeAsync(output, ds =>
        {
            ds.SetString(DicomTag.SliceThickness, digits[..1] + "." + digits[1..], DicomVR.DS);
            ds.SetString(new DicomTag(0x00200032), digits[..2] + "\\" + digits[2..] + "\\0", DicomVR.DS);
        });

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().BeEmpty();
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
