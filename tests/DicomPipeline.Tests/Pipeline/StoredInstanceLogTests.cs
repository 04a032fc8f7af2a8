using DicomPipeline.Pipeline;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Pipeline;

public sealed class StoredInstanceLogTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("stored-log-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Add_FromManyThreadsInAnyOrder_EnumeratesEveryRowOnceOrderedByPath()
    {
        var rows = Enumerable.Range(0, 5_000).Select(Row).ToArray();
        Random.Shared.Shuffle(rows);
        using var log = new StoredInstanceLog(_root.FullName, runLength: 7);

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (row, _) =>
        {
            log.Add(row);
            return ValueTask.CompletedTask;
        });

        log.Count.Should().Be(5_000);
        var paths = log.Select(r => r.RelativePath).ToList();
        paths.Should().BeInAscendingOrder(StringComparer.Ordinal);
        paths.Should().Equal(rows.Select(r => r.RelativePath).Order(StringComparer.Ordinal));
        log.Select(r => r.RelativePath).Should().Equal(paths, "it can be read twice (the store reads once for the columns)");
    }

    [Fact]
    public void Add_RowsWaitingForTheirRun_AreNotHeldAsObjects()
    {
        // Issue 28: rows held as objects until their run is written outlive a few collections, so each batch ends up in
        // the oldest generation as garbage and the process grows with the file count. They are kept serialised instead.
        using var log = new StoredInstanceLog(_root.FullName, runLength: 100);
        var added = AddAndForget(log, 10);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        added.Where(r => r.IsAlive).Should().BeEmpty("the log keeps the rows' bytes, not the rows");
        log.RunFiles.Should().BeEmpty("no run was written yet");
        log.Select(r => r.RelativePath).Should().Equal(Enumerable.Range(0, 10).Select(i => Row(i).RelativePath).Order(StringComparer.Ordinal));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static List<WeakReference> AddAndForget(StoredInstanceLog log, int count)
    {
        var added = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var row = Row(i);
            log.Add(row);
            added.Add(new WeakReference(row));
        }

        return added;
    }

    [Fact]
    public void Add_ManyRuns_KeepsFewFilesBecauseFullLevelsAreMerged()
    {
        using var log = new StoredInstanceLog(_root.FullName, runLength: 2);
        for (var i = 0; i < 2 * 1_000; i++)
        {
            log.Add(Row(i));
        }

        // 1,000 runs of 2 rows: without merging there would be 1,000 files to open at once.
        log.RunFiles.Count.Should().BeLessThanOrEqualTo(3 * StoredInstanceLog.RunsPerMerge);
        Directory.GetFiles(_root.FullName).Should().HaveCount(log.RunFiles.Count);
        log.ToList().Should().HaveCount(2_000);
    }

    [Fact]
    public void RowsOnDisk_KeepEveryFieldAndTheClinicalColumns()
    {
        using var log = new StoredInstanceLog(_root.FullName, runLength: 1);
        var withColumns = new StoredInstance("B/s/t/u.dcm", "/out/B/s/t/u.dcm", "B", "1.2", "1.2.3", "1.2.3.4", new Dictionary<string, string> { ["Arm"] = "Å", ["Empty"] = string.Empty });
        var without = new StoredInstance("A/s/t/u.dcm", "/out/A/s/t/u.dcm", "A", "9", "9.8", "9.8.7", null);

        log.Add(withColumns);
        log.Add(without);

        log.RunFiles.Should().HaveCount(2, "each row went to disk");
        var read = log.ToList();
        read[0].Should().Be(without);
        read[1].Should().BeEquivalentTo(withColumns);
    }

    [Fact]
    public void Dispose_DeletesTheRunFiles()
    {
        var log = new StoredInstanceLog(_root.FullName, runLength: 3);
        for (var i = 0; i < 10; i++)
        {
            log.Add(Row(i));
        }

        Directory.GetFiles(_root.FullName).Should().NotBeEmpty();
        Directory.GetFiles(_root.FullName).Should().OnlyContain(f => f.EndsWith(".partial", StringComparison.Ordinal), "a killed run's are swept by the next");

        log.Dispose();

        Directory.GetFiles(_root.FullName).Should().BeEmpty();
    }

    private static StoredInstance Row(int i) =>
        new(FormattableString.Invariant($"P{i % 97:D2}/{i}/s/{i}.dcm"), "/x", "P", "1", "2", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
}
