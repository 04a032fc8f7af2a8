using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Tests.Pipeline;

public sealed class PipelineShardTests : IDisposable
{
    private const string Secret = "shard-test-secret-9f3c1a7e5b2d4068";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("shards-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 0/1 ", 0, 1)]
    public void Parse_IndexOfCount_ReadsBoth(string text, int index, int count)
    {
        var shard = PipelineShard.Parse(text);

        shard.Index.Should().Be(index);
        shard.Count.Should().Be(count);
        shard.PartName.Should().Be($"shard-{index}-of-{count}");
    }

    [Theory]
    [InlineData("4/4", "'4/4' is not a shard: INDEX must be from 0 to 3 when COUNT is 4.")]
    [InlineData("x", "'x' is not a shard: write INDEX/COUNT, e.g. 0/4 for the first of four.")]
    [InlineData("-1/4", "'-1/4' is not a shard: write INDEX/COUNT, e.g. 0/4 for the first of four.")]
    [InlineData("0/0", "'0/0' is not a shard: COUNT must be at least 1.")]
    [InlineData("1/2/3", "'1/2/3' is not a shard: write INDEX/COUNT, e.g. 0/4 for the first of four.")]
    public void Parse_BadText_ThrowsOneLineSayingWhy(string text, string message)
    {
        var act = () => PipelineShard.Parse(text);

        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void Owns_EveryKeyBelongsToExactlyOneShard_AndEveryShardGetsSome()
    {
        var shards = Enumerable.Range(0, 4).Select(i => new PipelineShard(i, 4)).ToList();
        var keys = Enumerable.Range(0, 400).Select(i => $"2.25.{i * 7919}").ToList();

        keys.Should().OnlyContain(k => shards.Count(s => s.Owns(k)) == 1);
        shards.Should().OnlyContain(s => keys.Count(s.Owns) > 50, "a SHA-256 split of 400 keys over 4 shards is near 100 each");
    }

    [Fact]
    public async Task MergeAsync_FourShards_SameFilesByteForByteAndSameManifestAsOneRun()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 6, InstancesPerSeries = 2 }).WriteAsync(Input);
        await File.WriteAllTextAsync(Path.Combine(Input, "notes.txt"), "not dicom");
        var single = Path.Combine(_root.FullName, "single");
        var sharded = Path.Combine(_root.FullName, "sharded");
        using var provider = Services();
        var pipeline = provider.GetRequiredService<IDicomPipeline>();

        var whole = await pipeline.RunAsync(Request(single));
        var parts = new List<PipelineResult>();
        for (var i = 0; i < 4; i++)
        {
            parts.Add(await pipeline.RunAsync(Request(sharded, new PipelineShard(i, 4))));
        }

        var merged = await PipelineShard.MergeAsync(sharded);

        parts.Should().OnlyContain(p => p.Stored < whole.Stored, "each shard takes only its studies");
        parts.Sum(p => p.FilesFound).Should().Be(whole.FilesFound);
        Files(sharded).Should().Equal(Files(single));
        foreach (var file in Files(single))
        {
            (await File.ReadAllBytesAsync(Path.Combine(sharded, file))).Should().Equal(await File.ReadAllBytesAsync(Path.Combine(single, file)), file);
        }

        merged.FilesFound.Should().Be(whole.FilesFound);
        merged.Stored.Should().Be(whole.Stored);
        merged.Skipped.Should().Be(0);
        merged.NotDicom.Should().Be(1, "the shards' counts of files that are not DICOM add up");
        merged.NotStored.Should().ContainSingle().Which.Path.Should().Be("input file #1");
        Directory.GetFiles(sharded).Select(Path.GetFileName).Should().BeEquivalentTo(["manifest.csv", "report.json"]);
    }

    [Fact]
    public async Task MergeAsync_AShardMissing_OneLineNamingItAndNothingMerged()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, InstancesPerSeries = 1 }).WriteAsync(Input);
        var output = Path.Combine(_root.FullName, "out");
        using var provider = Services();
        foreach (var i in new[] { 0, 1, 3 })
        {
            await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(output, new PipelineShard(i, 4)));
        }

        var act = () => PipelineShard.MergeAsync(output);

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Be(
            "Shard 2 of 4 has not finished: report.shard-2-of-4.json is missing. Run it again (run --shard 2/4), then merge.");
        File.Exists(Path.Combine(output, "manifest.csv")).Should().BeFalse();
        File.Exists(Path.Combine(output, "report.shard-0-of-4.json")).Should().BeTrue("a failed merge leaves the parts");
    }

    [Fact]
    public async Task RunAsync_Shard_LeavesOtherShardsTemporaryFilesAlone_MergeRemovesThem()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        var output = Path.Combine(_root.FullName, "out");
        var inProgress = Path.Combine(output, "p", "s", "1.2.3.dcm.0badf00d.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(inProgress)!);
        await File.WriteAllTextAsync(inProgress, "another shard is writing this");
        using var provider = Services();

        await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(output, new PipelineShard(0, 1)));

        File.Exists(inProgress).Should().BeTrue("a shard must not delete what another shard is writing");
        await PipelineShard.MergeAsync(output);
        File.Exists(inProgress).Should().BeFalse("once every shard has finished, leftovers go");
    }

    [Fact]
    public async Task MergeAsync_WithAuditFolderAndCsvColumns_SameManifestAuditAndNotStoredListAsOneRun()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 6, InstancesPerSeries = 2 }).WriteAsync(Input);
        await File.WriteAllTextAsync(Path.Combine(Input, "a-notes.txt"), "not dicom");
        await File.WriteAllTextAsync(Path.Combine(Input, "z-notes.txt"), "not dicom either");
        var csv = Path.Combine(_root.FullName, "trial.csv");
        await File.WriteAllTextAsync(csv, "OriginalPatientID,Arm,Site\n"
            + string.Concat(corpus.PatientIds.Select((id, i) => $"{id},{(i % 2 == 0 ? "A" : "=B")},S{i}\n")));
        var single = Path.Combine(_root.FullName, "single");
        var sharded = Path.Combine(_root.FullName, "sharded");
        var singleAudit = Path.Combine(_root.FullName, "single-audit");
        var shardedAudit = Path.Combine(_root.FullName, "sharded-audit");
        using var provider = Services();
        var pipeline = provider.GetRequiredService<IDicomPipeline>();

        await pipeline.RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = single, AuditDirectory = singleAudit, CsvPath = csv });
        for (var i = 0; i < 4; i++)
        {
            await pipeline.RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = sharded, AuditDirectory = shardedAudit, CsvPath = csv, Shard = new PipelineShard(i, 4) });
        }

        await PipelineShard.MergeAsync(sharded, shardedAudit);

        (await File.ReadAllBytesAsync(Path.Combine(sharded, "manifest.csv"))).Should().Equal(await File.ReadAllBytesAsync(Path.Combine(single, "manifest.csv")));
        var header = (await File.ReadAllLinesAsync(Path.Combine(sharded, "manifest.csv")))[0];
        header.Should().Be("Path,PatientID,StudyInstanceUID,SeriesInstanceUID,SOPInstanceUID,Arm,Site");
        // The audit map lists entries as the workers finished them, so one run's order is not a shard's: same rows, same header.
        var singleMap = await File.ReadAllLinesAsync(Path.Combine(singleAudit, "audit.csv"));
        var shardedMap = await File.ReadAllLinesAsync(Path.Combine(shardedAudit, "audit.csv"));
        shardedMap[0].Should().Be(singleMap[0]);
        shardedMap.Skip(1).Order(StringComparer.Ordinal).Should().Equal(singleMap.Skip(1).Order(StringComparer.Ordinal));
        var notStored = await File.ReadAllLinesAsync(Path.Combine(shardedAudit, "not-stored.csv"));
        notStored[0].Should().Be("Number,Path,Outcome,Reason");
        notStored.Skip(1).Select(line => line.Split(',')[0]).Should().Equal("1", "2");
        Directory.GetFiles(shardedAudit).Select(Path.GetFileName).Should().BeEquivalentTo(["audit.csv", "not-stored.csv"]);
    }

    [Fact]
    public async Task MergeAsync_APartNotInPathOrder_OneLineNamingItAndNothingMerged()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 4, InstancesPerSeries = 2 }).WriteAsync(Input);
        var output = Path.Combine(_root.FullName, "out");
        using var provider = Services();
        for (var i = 0; i < 2; i++)
        {
            await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(output, new PipelineShard(i, 2)));
        }

        // A part someone edited: the rows turned round. Merging it as it is would put rows out of order in the manifest.
        var part = Path.Combine(output, "manifest.shard-1-of-2.csv");
        var lines = await File.ReadAllLinesAsync(part);
        lines.Length.Should().BeGreaterThan(2);
        await File.WriteAllLinesAsync(part, [lines[0], .. lines.Skip(1).Reverse()]);

        var act = () => PipelineShard.MergeAsync(output);

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Be(
            "manifest.shard-1-of-2.csv is not in path order: a part is not as a shard writes it.");
        File.Exists(Path.Combine(output, "manifest.csv")).Should().BeFalse();
        Directory.GetFiles(output, "*.partial").Should().BeEmpty();
        File.Exists(part).Should().BeTrue("a failed merge leaves the parts");
    }

    private static List<string> Files(string root) =>
        [.. Directory.GetFiles(root, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Concat(["manifest.csv"]).Order(StringComparer.Ordinal)];

    private PipelineRequest Request(string output, PipelineShard? shard = null) => new()
    {
        InputDirectory = Input,
        OutputDirectory = output,
        Anonymize = true,
        Shard = shard,
    };

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        return services.BuildServiceProvider();
    }
}
