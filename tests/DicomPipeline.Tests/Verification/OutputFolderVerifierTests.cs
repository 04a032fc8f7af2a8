using System.Text;
using System.Text.Json;
using DicomPipeline.Dicom;
using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class OutputFolderVerifierTests(DeidentifiedCorpusFixture corpus) : IClassFixture<DeidentifiedCorpusFixture>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task VerifyAsync_UntouchedDeidentifiedCorpus_FindsNothing()
    {
        var report = await new OutputFolderVerifier().VerifyAsync(corpus.Output, corpus.Originals);

        report.Findings.Should().BeEmpty();
        report.DicomFilesScanned.Should().Be(corpus.Corpus.Files.Count);
        report.TextFilesScanned.Should().BeGreaterThanOrEqualTo(2, "manifest.csv and report.json are scanned too");
        report.OriginalsRead.Should().Be(corpus.Corpus.Files.Count);
        report.ValuesSearched.Should().BeGreaterThan(corpus.Corpus.Files.Count, "every original SOP Instance UID at least");
        report.PixelsNotInspected.Should().BeEmpty("CT images are not a modality that often carries burned-in text");
    }

    [Fact]
    public async Task VerifyAsync_UntouchedDeidentifiedCorpusWithoutOriginals_FindsNothing()
    {
        var report = await new OutputFolderVerifier().VerifyAsync(corpus.Output);

        report.Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyAsync_NamedPipesInOutputAndOriginals_AreNotOpened()
    {
        // Opening a pipe for reading waits for a writer that never comes: verify would hang, deaf to cancellation.
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var originals = Path.Combine(_root.FullName, "originals");
        foreach (var path in Directory.EnumerateFiles(corpus.Originals, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(originals, Path.GetRelativePath(corpus.Originals, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }

        foreach (var folder in new[] { output, originals })
        {
            NamedPipes.Make(Path.Combine(folder, "zz.pipe"));
            File.CreateSymbolicLink(Path.Combine(folder, "zz.link"), Path.Combine(folder, "zz.pipe"));
        }

        var report = await Task.Run(() => new OutputFolderVerifier().VerifyAsync(output, originals)).WaitAsync(TimeSpan.FromSeconds(60));

        report.Findings.Should().BeEmpty();
        report.OriginalsRead.Should().Be(corpus.Corpus.Files.Count);
        report.DicomFilesScanned.Should().Be(corpus.Corpus.Files.Count);
    }

    [Fact]
    public async Task VerifyAsync_SevenPlantedLeaks_FindsEachPlace()
    {
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var files = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var ascii = await corpus.OriginalOfPatientAsync(3);
        var latin1 = await corpus.OriginalOfPatientAsync(2);
        var japanese = await corpus.OriginalOfPatientAsync(4);
        var fifth = await corpus.OriginalOfPatientAsync(5);
        var sixth = await corpus.OriginalOfPatientAsync(6);
        var expected = new List<(string File, string TagPath)>();

        // (a) a private element holding the original patient ID.
        await ChangeAsync(files[0], ds =>
        {
            ds.SetString(new DicomTag(0x00110010), "LEAK TEST", DicomVR.LO);
            ds.SetString(new DicomTag(0x00111001), "note: " + ascii.GetString(DicomTag.PatientID), DicomVR.LO);
        });
        expected.Add((Relative(output, files[0]), "(0011,1001)"));

        // (b) an LT two sequence levels deep holding the family name.
        await ChangeAsync(files[1], ds =>
        {
            var inner = new DicomDataset();
            var outer = new DicomDataset();
            ds.AddOrUpdate(new DicomSequence(DicomTag.ContentSequence, outer));
            outer.AddOrUpdate(new DicomSequence(DicomTag.ContentSequence, inner));
            inner.SetString(DicomTag.ImageComments, "reviewed with patient " + ascii.GetPersonName(DicomTag.PatientName)!.FamilyName, DicomVR.LT);
        });
        expected.Add((Relative(output, files[1]), "(0040,A730)[1]/(0040,A730)[1]/(0020,4000)"));

        // (c) a UN element holding an accession number (private: a public tag written as UN is read with its dictionary VR).
        await ChangeAsync(files[2], ds =>
        {
            ds.SetString(new DicomTag(0x00130010), "UNKNOWN VENDOR", DicomVR.LO);
            ds.SetBytes(new DicomTag(0x00131010), DicomVR.UN, Encoding.ASCII.GetBytes("ACC:" + latin1.GetString(DicomTag.AccessionNumber)));
        });
        expected.Add((Relative(output, files[2]), "(0013,1010)"));

        // (d) a file name holding a patient ID.
        var renamed = files[3][..^4] + "_" + fifth.GetString(DicomTag.PatientID) + ".dcm";
        File.Move(files[3], renamed);
        expected.Add((Relative(output, renamed), string.Empty));

        // (e) manifest.csv holding an institution name.
        var manifest = Path.Combine(output, "manifest.csv");
        var lines = await File.ReadAllLinesAsync(manifest);
        await File.AppendAllTextAsync(manifest, "extra,\"" + sixth.GetString(DicomTag.InstitutionName) + "\"\n");
        expected.Add(("manifest.csv", "line " + (lines.Length + 1)));

        // (f) a PN in ISO 2022 (JIS X 0208) holding the ideographic name of the Japanese patient.
        var ideographic = japanese.GetPersonName(DicomTag.PatientName)!.Ideographic;
        await ChangeAsync(files[4], ds =>
        {
            ds.SetString(DicomTag.SpecificCharacterSet, "\\ISO 2022 IR 87");
            ds.SetString(DicomTag.OperatorsName, "=" + ideographic, DicomVR.PN);
            ds.TryGetElement(DicomTag.OperatorsName, out var element).Should().BeTrue();
            element!.GetBytes().ToArray().Should().Contain(0x1B, "the name must be written with ISO 2022 escape sequences");
        });
        expected.Add((Relative(output, files[4]), "(0008,1070)"));

        // (g) the birth date written as 1970-01-02 in a comment.
        await ChangeAsync(files[5], ds => ds.SetString(DicomTag.ImageComments, "born 1970-01-02", DicomVR.LT));
        expected.Add((Relative(output, files[5]), "(0020,4000)"));

        var report = await new OutputFolderVerifier().VerifyAsync(output, corpus.Originals);

        report.Findings.Select(f => (f.File, f.TagPath)).Distinct().Should().BeEquivalentTo(expected);
        report.Findings.Where(f => f.TagPath == "(0020,4000)").Select(f => f.Kind).Should().Contain("PatientBirthDate");
        report.Findings.Where(f => f.TagPath == "(0008,1070)").Select(f => f.Kind).Should().Contain("PatientName component");
        report.Findings.Where(f => f.TagPath == "(0011,1001)").Select(f => f.OriginalAttribute).Should().Contain("PatientID (0010,0020)");
    }

    [Fact]
    public async Task VerifyAsync_OutputOfRunWithoutAnonymize_ReportsEveryFile()
    {
        var report = await new OutputFolderVerifier().VerifyAsync(corpus.PlainOutput, corpus.Originals);

        var dicomFiles = Directory.EnumerateFiles(corpus.PlainOutput, "*.dcm", SearchOption.AllDirectories).Select(f => Relative(corpus.PlainOutput, f));
        report.Findings.Select(f => f.File).Should().Contain(dicomFiles);
    }

    [Fact]
    public async Task VerifyAsync_OutputOfRunWithoutAnonymizeAndWithoutOriginals_ReportsEveryFile()
    {
        var report = await new OutputFolderVerifier().VerifyAsync(corpus.PlainOutput);

        var dicomFiles = Directory.EnumerateFiles(corpus.PlainOutput, "*.dcm", SearchOption.AllDirectories).Select(f => Relative(corpus.PlainOutput, f)).ToList();
        report.Findings.Where(f => f.TagPath == "(0012,0062)").Select(f => f.File).Should().BeEquivalentTo(dicomFiles);
        report.Findings.Where(f => f.TagPath == "(0010,0010)").Select(f => f.File).Should().BeEquivalentTo(dicomFiles);
    }

    [Fact]
    public async Task VerifyAsync_Findings_NeverCarryTheMatchedValueButTheAuditFileDoes()
    {
        var audit = Path.Combine(_root.FullName, "audit");

        var report = await new OutputFolderVerifier(new VerificationOptions { AuditDirectory = audit }).VerifyAsync(corpus.PlainOutput, corpus.Originals);

        // A finding names its file, so a value that is itself a folder or file name (the patient ID, UIDs) shows there.
        var paths = string.Join('\n', Directory.EnumerateFileSystemEntries(corpus.PlainOutput, "*", SearchOption.AllDirectories));
        var values = corpus.Corpus.IdentifyingValues.Where(v => v.Length >= 4 && !paths.Contains(v, StringComparison.Ordinal)).ToList();
        values.Should().Contain(corpus.Corpus.IdentifyingValues.Where(v => v.Contains('^', StringComparison.Ordinal)), "names are not in paths");
        report.Findings.Should().NotBeEmpty();
        var json = JsonSerializer.Serialize(report);
        values.Should().NotContain(v => json.Contains(v, StringComparison.Ordinal));
        var auditText = await File.ReadAllTextAsync(Path.Combine(audit, OutputFolderVerifier.AuditFileName));
        corpus.Corpus.PatientIds.Should().OnlyContain(id => auditText.Contains(id, StringComparison.Ordinal));
        auditText.Should().Contain(corpus.Corpus.IdentifyingValues.First(v => v.Contains('^', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task VerifyAsync_DatesShiftedButFilesSayNot_ReportsEveryFile()
    {
        var report = await new OutputFolderVerifier(new VerificationOptions { DatesShifted = true }).VerifyAsync(corpus.Output);

        report.Findings.Should().HaveCount(corpus.Corpus.Files.Count).And.OnlyContain(f => f.TagPath == "(0028,0303)");
    }

    [Fact]
    public async Task VerifyAsync_DatesShifted_AnotherPatientsDateInADateElementIsNoFindingButInTextItIs()
    {
        // With shifted dates, a shifted StudyDate can equal some other patient's original date by chance: the folder
        // scan cannot tell whose it is, so it leaves DA/DT elements to the (0028,0303) check.
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var files = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var path in files)
        {
            await ChangeAsync(path, ds => ds.SetString(DicomTag.LongitudinalTemporalInformationModified, "MODIFIED", DicomVR.CS));
        }

        await ChangeAsync(files[0], ds => ds.SetString(DicomTag.StudyDate, DeidentifiedCorpusFixture.BirthDate, DicomVR.DA));
        await ChangeAsync(files[1], ds => ds.SetString(DicomTag.ImageComments, "born 02.01.1970", DicomVR.LT));

        var report = await new OutputFolderVerifier(new VerificationOptions { DatesShifted = true }).VerifyAsync(output, corpus.Originals);

        report.Findings.Should().ContainSingle().Which.Should().Be(
            new VerificationFinding(Relative(output, files[1]), "(0020,4000)", "PatientBirthDate in another spelling", "PatientBirthDate (0010,0030)"));
    }

    [Fact]
    public async Task VerifyAsync_ForeignUidAndUnshiftedDateWithoutOriginals_Found()
    {
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var file = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        await ChangeAsync(file, ds =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
            item.SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.99.1.2.3");
            ds.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, item));
            ds.SetString(DicomTag.ReferringPhysicianName, "Whitfield^Gregory");
        });

        var report = await new OutputFolderVerifier().VerifyAsync(output);

        report.Findings.Should().BeEquivalentTo(
        [
            new VerificationFinding(Relative(output, file), "(0008,0090)", "person name that is not a pseudonym", null),
            new VerificationFinding(Relative(output, file), "(0008,1140)[1]/(0008,1155)", "UID outside 2.25. and the registry", null),
        ]);
    }

    [Fact]
    public async Task VerifyAsync_FolderNamedByAForeignUidAndAnEmptyNameGroup_OnlyTheFolderIsFound()
    {
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var file = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        await ChangeAsync(file, ds => ds.SetString(DicomTag.ReferringPhysicianName, "^", DicomVR.PN));
        var folder = Path.Combine(output, "1.2.826.0.1.3680043.99.1");
        Directory.CreateDirectory(folder);
        File.Copy(file, Path.Combine(folder, "copy.dcm"));

        var report = await new OutputFolderVerifier().VerifyAsync(output);

        report.Findings.Should().Equal(new VerificationFinding("1.2.826.0.1.3680043.99.1", string.Empty, "UID outside 2.25. and the registry", null));
    }

    [Fact]
    public async Task VerifyAsync_UltrasoundWithoutBurnedInAnnotationNo_ListedAsPixelsNotInspected()
    {
        var output = corpus.CopyOutput(Path.Combine(_root.FullName, "out"));
        var files = Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await ChangeAsync(files[0], ds => ds.SetString(DicomTag.Modality, "US"));
        await ChangeAsync(files[1], ds =>
        {
            ds.SetString(DicomTag.Modality, "US");
            ds.SetString(DicomTag.BurnedInAnnotation, "NO");
        });

        var report = await new OutputFolderVerifier().VerifyAsync(output);

        report.PixelsNotInspected.Should().Equal(new PixelsNotInspected(Relative(output, files[0]), "US"));
        report.Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyAsync_OriginalThatCannotBeRead_IsAFindingNamingIt()
    {
        var originals = Path.Combine(_root.FullName, "originals");
        Directory.CreateDirectory(originals);
        foreach (var path in Directory.EnumerateFiles(corpus.Originals, "*.dcm", SearchOption.AllDirectories).Take(2))
        {
            File.Copy(path, Path.Combine(originals, Path.GetFileName(path)));
        }

        await File.WriteAllBytesAsync(Path.Combine(originals, "broken.dcm"), [.. new byte[128], .. "DICM"u8.ToArray(), 0xFF, 0xFF]);

        var report = await new OutputFolderVerifier().VerifyAsync(corpus.Output, originals);

        report.Findings.Should().ContainSingle().Which.Should().Be(
            new VerificationFinding("broken.dcm", string.Empty, OutputFileScan.UnreadableOriginalKind, null));
    }

    /// <summary>
    /// Issue 26: a verify run whose originals cannot be parsed must say so, not run without them. An original in a
    /// sub-folder, named without an extension as scanners write them, that has the DICOM marker but breaks off.
    /// </summary>
    [Fact]
    public async Task VerifyAsync_TruncatedOriginalWithoutExtension_IsAFindingNamingItAndTheReportIsNotClean()
    {
        var originals = Path.Combine(_root.FullName, "originals");
        Directory.CreateDirectory(Path.Combine(originals, "sub"));
        var first = Directory.EnumerateFiles(corpus.Originals, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Copy(first, Path.Combine(originals, Path.GetFileName(first)));
        var bytes = await File.ReadAllBytesAsync(first);
        await File.WriteAllBytesAsync(Path.Combine(originals, "sub", "IM0001"), bytes[..(128 + 4 + 20)]);

        var report = await new OutputFolderVerifier().VerifyAsync(corpus.Output, originals);

        report.IsClean.Should().BeFalse();
        report.OriginalsRead.Should().Be(1);
        report.Findings.Should().ContainSingle().Which.Should().Be(
            new VerificationFinding("sub/IM0001", string.Empty, OutputFileScan.UnreadableOriginalKind, null));
    }

    [Fact]
    public async Task VerifyAsync_NoOriginalCanBeRead_SaysSo()
    {
        var originals = Path.Combine(_root.FullName, "originals");
        Directory.CreateDirectory(originals);
        await File.WriteAllTextAsync(Path.Combine(originals, "notes.txt"), "not DICOM");

        var report = await new OutputFolderVerifier().VerifyAsync(corpus.Output, originals);

        report.Findings.Should().ContainSingle().Which.Kind.Should().Be(OutputFileScan.NoOriginalKind);
    }

    [Fact]
    public async Task VerifyAsync_MissingOutputFolder_Throws() =>
        await new OutputFolderVerifier().Invoking(v => v.VerifyAsync(Path.Combine(_root.FullName, "missing")))
            .Should().ThrowAsync<DirectoryNotFoundException>();

    internal static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    internal static async Task ChangeAsync(string path, Action<DicomDataset> change)
    {
        var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = int.MaxValue });
        change(file.Dataset);
        await file.SaveAsync(path);
    }
}
