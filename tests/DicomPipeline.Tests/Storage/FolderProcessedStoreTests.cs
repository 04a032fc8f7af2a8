using DicomPipeline.Dicom;
using DicomPipeline.Storage;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Storage;

public sealed class FolderProcessedStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("store-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task SaveAsync_FilesByPatientStudySeriesSop()
    {
        var store = new FolderProcessedStore();
        var dataset = TestData.CreateImage();
        dataset.SetString(DicomTag.StudyInstanceUID, "1.2.3");
        dataset.SetString(DicomTag.SeriesInstanceUID, "1.2.3.4");

        var stored = await store.SaveAsync(_root.FullName, new DicomFile(dataset));

        stored.RelativePath.Should().Be("PID-001/1.2.3/1.2.3.4/1.2.3.4.5.6.7.dcm");
        File.Exists(Path.Combine(_root.FullName, "PID-001", "1.2.3", "1.2.3.4", "1.2.3.4.5.6.7.dcm")).Should().BeTrue();
        (await DicomFile.OpenAsync(stored.FullPath)).Dataset.GetString(DicomTag.SOPInstanceUID).Should().Be("1.2.3.4.5.6.7");
    }

    [Theory]
    [InlineData("../../etc", ".._.._etc")]
    [InlineData("..", "UNKNOWN")]
    [InlineData("", "UNKNOWN")]
    [InlineData("A/B\\C", "A_B_C")]
    [InlineData("Müller^Hans", "M_ller_Hans")]
    public void PathComponent_UnsafeValue_CannotEscapeTheFolder(string value, string expected) =>
        FolderProcessedStore.PathComponent(value).Should().Be(expected);

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    public void Cell_FormulaOrSeparator_IsDefusedAndQuoted(string value, string expected) =>
        FolderProcessedStore.Cell(value).Should().Be(expected);

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    public void Defuse_FormulaStart_PrefixedWithQuote(string value, string expected) =>
        FolderProcessedStore.Defuse(value).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("Arm A")]
    [InlineData("a=b")]
    [InlineData("'=already")]
    public void Defuse_PlainValue_Unchanged(string value) =>
        FolderProcessedStore.Defuse(value).Should().BeSameAs(value);

    [Fact]
    public async Task InitializeAsync_RemovesPartialFilesOfAKilledRun()
    {
        var leftover = Path.Combine(_root.FullName, "P", "S", "x.dcm.1234abcd.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);

        await new FolderProcessedStore().InitializeAsync(_root.FullName);

        File.Exists(leftover).Should().BeFalse();
    }

    [Fact]
    public async Task CompleteAsync_WritesSortedManifestWithClinicalColumnsAndReport()
    {
        var store = new FolderProcessedStore();
        StoredInstance[] stored =
        [
            new("B/1/2/3.dcm", "/x", "B", "1", "2", "3", new Dictionary<string, string> { ["Arm"] = "=A" }),
            new("A/1/2/3.dcm", "/y", "A", "1", "2", "3", null),
        ];
        var report = new ProcessingReport { FilesFound = 3, Stored = 2, Skipped = 1, NotStored = [new ReportedFile("junk.txt", "Skipped", "not DICOM")] };

        await store.CompleteAsync(_root.FullName, stored, report);

        var manifest = await File.ReadAllLinesAsync(Path.Combine(_root.FullName, "manifest.csv"));
        manifest.Should().Equal(
            "Path,PatientID,StudyInstanceUID,SeriesInstanceUID,SOPInstanceUID,Arm",
            "A/1/2/3.dcm,A,1,2,3,",
            "B/1/2/3.dcm,B,1,2,3,'=A");
        var json = await File.ReadAllTextAsync(Path.Combine(_root.FullName, "report.json"));
        json.Should().Contain("\"filesFound\": 3").And.Contain("not DICOM");
        Directory.GetFiles(_root.FullName, "*.partial").Should().BeEmpty();
    }

    [Fact]
    public async Task InitializeAsync_ReadOnlyFolder_ThrowsStoreExceptionNamingTheFolder()
    {
        var file = Path.Combine(_root.FullName, "a-file");
        await File.WriteAllTextAsync(file, "x");

        // A path below a regular file cannot be created, even by root: a reliable stand-in for a read-only output.
        var act = () => new FolderProcessedStore().InitializeAsync(Path.Combine(file, "out"));

        (await act.Should().ThrowAsync<ProcessedStoreException>()).Which.Message.Should().Contain("a-file");
    }
}
