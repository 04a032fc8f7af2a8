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
    public async Task CompleteAsync_WritesSortedManifestWithClinicalColumns()
    {
        var store = new FolderProcessedStore();
        StoredInstance[] stored =
        [
            new("B/1/2/3.dcm", "/x", "B", "1", "2", "3", new Dictionary<string, string> { ["Arm"] = "=A" }),
            new("A/1/2/3.dcm", "/y", "A", "1", "2", "3", null),
        ];

        await store.CompleteAsync(_root.FullName, stored);

        var manifest = await File.ReadAllLinesAsync(Path.Combine(_root.FullName, "manifest.csv"));
        manifest.Should().Equal(
            "Path,PatientID,StudyInstanceUID,SeriesInstanceUID,SOPInstanceUID,Arm",
            "A/1/2/3.dcm,A,1,2,3,",
            "B/1/2/3.dcm,B,1,2,3,'=A");
        Directory.GetFiles(_root.FullName, "*.partial").Should().BeEmpty();
    }

    [Fact]
    public async Task CompleteAsync_RowsAlreadyInPathOrder_AreWrittenAsReadNotHeldAllAtOnce()
    {
        // The rows are made afresh on each enumeration, as the pipeline's spilled log makes them; when the last has been
        // handed over, the ones the store still holds are counted. Sorting them again would hold every one.
        var rows = new FreshRows(5_000);

        await new FolderProcessedStore().CompleteAsync(_root.FullName, rows);

        rows.AliveAtTheEnd.Should().BeLessThan(50, "a streamed manifest holds one row at a time, not the 5,000");
        var manifest = await File.ReadAllLinesAsync(Path.Combine(_root.FullName, "manifest.csv"));
        manifest.Should().HaveCount(5_001);
        manifest[1].Should().StartWith("P0000/");
        manifest[^1].Should().StartWith("P4999/");
    }

    [Fact]
    public async Task CompleteAsync_RowsOutOfOrder_AreStillSortedByPath()
    {
        StoredInstance[] stored = [.. Enumerable.Range(0, 300).Reverse().Select(i => Row(i, null))];

        await new FolderProcessedStore().CompleteAsync(_root.FullName, stored);

        var paths = (await File.ReadAllLinesAsync(Path.Combine(_root.FullName, "manifest.csv"))).Skip(1).Select(l => l.Split(',')[0]).ToList();
        paths.Should().HaveCount(300).And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    private static StoredInstance Row(int i, IReadOnlyDictionary<string, string>? columns) =>
        new(FormattableString.Invariant($"P{i:D4}/1/2/{i}.dcm"), "/x", FormattableString.Invariant($"P{i:D4}"), "1", "2", i.ToString(System.Globalization.CultureInfo.InvariantCulture), columns);

    private sealed class FreshRows(int count) : IReadOnlyCollection<StoredInstance>
    {
        private readonly List<WeakReference> _handedOut = [];

        public int Count => count;

        public int AliveAtTheEnd { get; private set; } = -1;

        public IEnumerator<StoredInstance> GetEnumerator()
        {
            _handedOut.Clear();
            for (var i = 0; i < count; i++)
            {
                var row = Row(i, new Dictionary<string, string> { ["Arm"] = "A" });
                _handedOut.Add(new WeakReference(row));
                yield return row;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            AliveAtTheEnd = _handedOut.Count(w => w.IsAlive);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
