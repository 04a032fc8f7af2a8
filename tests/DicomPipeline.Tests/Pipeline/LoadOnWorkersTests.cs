using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>
/// Issue 28: the workers parse the files they take, so two cores parse at once; only the folder walk is handed out one
/// entry at a time. Which of two copies of one instance is kept must still be the first in path order, whichever
/// worker finishes parsing first.
/// </summary>
public sealed class LoadOnWorkersTests : IDisposable
{
    private const string Secret = "load-on-workers-secret-5e1d9a3c7b";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("load-workers-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task RunAsync_TwoFilesTwoWorkers_BothAreParsedAtOnce()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 2 }).WriteAsync(Input);
        corpus.Files.Should().HaveCount(2);

        // Each read waits until the other has begun: that can only happen when two reads are under way at once.
        using var bothReading = new CountdownEvent(2);
        var sawTheOther = new ConcurrentBag<bool>();
        var loader = new HookedLoader(_ =>
        {
            bothReading.Signal();
            sawTheOther.Add(bothReading.Wait(Patience));
        });

        var result = await Run(loader);

        result.Stored.Should().Be(2);
        sawTheOther.Should().HaveCount(2).And.OnlyContain(saw => saw, "each worker parses its own file while the other parses");
    }

    [Fact]
    public async Task RunAsync_LaterCopyParsedFirst_TheFirstInPathOrderIsKept()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 }).WriteAsync(Path.Combine(_root.FullName, "one"));
        Directory.CreateDirectory(Input);
        foreach (var (name, description) in new[] { ("a.dcm", "first"), ("b.dcm", "second") })
        {
            var file = await DicomFile.OpenAsync(corpus.Files[0]);
            file.Dataset.SetString(DicomTag.SeriesDescription, description);
            await file.SaveAsync(Path.Combine(Input, name));
        }

        // a.dcm's read finishes only after b.dcm's has: the worker holding b.dcm is first to know its UID.
        using var laterRead = new ManualResetEventSlim();
        var waited = new ConcurrentBag<bool>();
        var loader = new HookedLoader(path =>
        {
            if (Path.GetFileName(path) == "a.dcm")
            {
                waited.Add(laterRead.Wait(Patience));
            }
        }, afterRead: path =>
        {
            if (Path.GetFileName(path) == "b.dcm")
            {
                laterRead.Set();
            }
        });

        var recorder = new RecordsDescriptions(new ConfidentialityProfileAnonymizer(new() { Secret = Secret }));
        var result = await Run(loader, recorder);

        waited.Should().ContainSingle().Which.Should().BeTrue("b.dcm was read while a.dcm's read waited");
        result.Stored.Should().Be(1);
        result.Report.NotStored.Should().ContainSingle().Which.Path.Should().Be("b.dcm", "the later file in path order is the duplicate");
        recorder.Seen.Should().ContainSingle("the duplicate is dropped before de-identification").Which.Should().Be("first");
    }

    private async Task<PipelineResult> Run(IDicomLoader loader, IAnonymizer? anonymizer = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loader);
        if (anonymizer is not null)
        {
            services.AddSingleton(anonymizer);
        }

        services.AddDicomPipeline(o =>
        {
            o.Anonymization.Secret = Secret;
            o.MaxParallelism = 2;
        });
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output });
    }

    private sealed class RecordsDescriptions(IAnonymizer inner) : IAnonymizer
    {
        public ConcurrentQueue<string?> Seen { get; } = new();

        public AnonymizationResult Anonymize(DicomFile file)
        {
            Seen.Enqueue(file.Dataset.GetString(DicomTag.SeriesDescription));
            return inner.Anonymize(file);
        }
    }

    /// <summary>The library's folder loader with a hook around each file's read, wherever the pipeline reads it.</summary>
    private sealed class HookedLoader(Action<string> beforeRead, Action<string>? afterRead = null) : IDicomLoader, IFolderWalker
    {
        private readonly FolderDicomLoader _inner = new();

        public FolderWalk Walk(string directory, CancellationToken cancellationToken)
        {
            var walk = _inner.Walk(directory, cancellationToken);
            return new FolderWalk(walk.Entries, (path, ct) =>
            {
                beforeRead(path);
                var read = walk.Read(path, ct);
                afterRead?.Invoke(path);
                return read;
            });
        }

        public async IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var walk = Walk(directory, cancellationToken);
            foreach (var (path, skip) in walk.Entries)
            {
                yield return skip is null ? walk.Read(path, cancellationToken) : LoadedInstance.Skipped(skip);
                await Task.Yield();
            }
        }

        public Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default) => _inner.GroupAsync(directory, cancellationToken);
    }
}
