using System.Collections.Concurrent;
using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using DicomPipeline.Receiving;
using DicomPipeline.Tests.Destinations;

namespace DicomPipeline.Tests.Receiving;

public sealed class DicomReceiverTests : IDisposable
{
    private readonly DestinationTestFiles _files = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dicompipeline-receiver-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        _files.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_StableStudy_PipelineRunsOnceOverItsSpoolFolderAndTheSpoolIsEmptied()
    {
        var instances = await _files.WriteAsync(4);
        var pipeline = new RecordingPipeline();
        var studies = new ConcurrentQueue<ReceivedStudy>();
        using var stop = new CancellationTokenSource();
        var receiver = new DicomReceiver(pipeline, TimeProvider.System);
        var running = receiver.RunAsync(Options(), Request, new SyncProgress(studies.Enqueue), stop.Token);
        var port = await receiver.Listening.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var outcomes = await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);
        await WaitUntilAsync(() => !studies.IsEmpty);
        await stop.CancelAsync();
        await running;

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        pipeline.Runs.Should().ContainSingle();
        pipeline.Runs.Single().Files.Should().BeEquivalentTo(instances.Select(i => i.SopInstanceUid + ".dcm"));
        var study = studies.Single();
        study.Instances.Should().Be(4);
        study.Number.Should().Be(1);
        study.OutputDirectory.Should().StartWith(Path.Combine(_root, "output"));
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "spool", "studies")).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "spool", "processing")).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_StudyLeftInProcessingByACrash_ProcessedAtStartIntoTheSameOutputFolder()
    {
        var instances = await _files.WriteAsync(2);
        var claimed = Path.Combine(_root, "spool", "processing", "20261206T010203Z-0001-abcdef");
        Directory.CreateDirectory(claimed);
        foreach (var instance in instances)
        {
            File.Copy(instance.FullPath, Path.Combine(claimed, instance.SopInstanceUid + ".dcm"));
        }

        var pipeline = new RecordingPipeline();
        var studies = new ConcurrentQueue<ReceivedStudy>();
        using var stop = new CancellationTokenSource();
        var running = new DicomReceiver(pipeline, TimeProvider.System).RunAsync(Options(), Request, new SyncProgress(studies.Enqueue), stop.Token);
        await WaitUntilAsync(() => !studies.IsEmpty);
        await stop.CancelAsync();
        await running;

        pipeline.Runs.Should().ContainSingle();
        pipeline.Runs.Single().Output.Should().Be(Path.Combine(_root, "output", "20261206T010203Z-0001-abcdef"));
        Directory.Exists(claimed).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeStable_StudyKeptAndProcessedByTheNextRun()
    {
        var instances = await _files.WriteAsync(3);
        var pipeline = new RecordingPipeline();
        using (var stop = new CancellationTokenSource())
        {
            var receiver = new DicomReceiver(pipeline, TimeProvider.System);
            var running = receiver.RunAsync(Options(TimeSpan.FromHours(1)), Request, null, stop.Token);
            var port = await receiver.Listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);
            await stop.CancelAsync();
            await running;
        }

        pipeline.Runs.Should().BeEmpty();
        var studies = new ConcurrentQueue<ReceivedStudy>();
        using (var stop = new CancellationTokenSource())
        {
            var running = new DicomReceiver(pipeline, TimeProvider.System).RunAsync(Options(), Request, new SyncProgress(studies.Enqueue), stop.Token);
            await WaitUntilAsync(() => !studies.IsEmpty);
            await stop.CancelAsync();
            await running;
        }

        pipeline.Runs.Should().ContainSingle();
        pipeline.Runs.Single().Files.Should().HaveCount(3);
    }

    [Fact]
    public async Task RunAsync_PipelineFails_StudySetAsideAndReported()
    {
        var instances = await _files.WriteAsync(1);
        var pipeline = new RecordingPipeline { Fail = true };
        var studies = new ConcurrentQueue<ReceivedStudy>();
        using var stop = new CancellationTokenSource();
        var receiver = new DicomReceiver(pipeline, TimeProvider.System);
        var running = receiver.RunAsync(Options(), Request, new SyncProgress(studies.Enqueue), stop.Token);
        var port = await receiver.Listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);
        await WaitUntilAsync(() => !studies.IsEmpty);
        await stop.CancelAsync();
        await running;

        studies.Single().Error.Should().Be("The output folder is not writable.");
        Directory.EnumerateDirectories(Path.Combine(_root, "spool", "failed")).Should().ContainSingle();
    }

    private static PipelineRequest Request(string input, string output) => new() { InputDirectory = input, OutputDirectory = output, Anonymize = false };

    private DicomReceiverOptions Options(TimeSpan? stableAge = null) => new()
    {
        AeTitle = "GATEWAY",
        Port = 0,
        SpoolDirectory = Path.Combine(_root, "spool"),
        OutputDirectory = Path.Combine(_root, "output"),
        StableAge = stableAge ?? TimeSpan.FromMilliseconds(200),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }

    private sealed class SyncProgress(Action<ReceivedStudy> report) : IProgress<ReceivedStudy>
    {
        public void Report(ReceivedStudy value) => report(value);
    }

    /// <summary>Records each run's input file names and output folder.</summary>
    private sealed class RecordingPipeline : IDicomPipeline
    {
        public ConcurrentQueue<(string[] Files, string Output)> Runs { get; } = new();

        public bool Fail { get; init; }

        public Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new PipelineException("The output folder is not writable.");
            }

            Runs.Enqueue(([.. Directory.EnumerateFiles(request.InputDirectory).Select(Path.GetFileName).OfType<string>()], request.OutputDirectory!));
            return Task.FromResult(new PipelineResult(new ProcessingReport(), request.OutputDirectory!, TimeSpan.Zero));
        }
    }
}
