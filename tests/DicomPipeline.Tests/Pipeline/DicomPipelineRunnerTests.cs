using System.Text.Json;
using DicomPipeline.Csv;
using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using DicomPipeline.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>The runner through the public seams: how the stages end a run, and what counts as complete.</summary>
public sealed class DicomPipelineRunnerTests : IDisposable
{
    private IOrthancClient? _orthanc;

    private const string Secret = "runner-test-secret-9f3c1a7e5b2d4068";
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("runner-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task RunAsync_UploadThrowsIOException_EndsTheRunWithOneLineInsteadOfHanging()
    {
        // More instances than the bounded queues hold, with one worker: a send stage that stops draining would block it.
        await Synthesize(patients: 4, instancesPerSeries: 5);
        var orthanc = new FakeOrthancClient(_ => throw new IOException("/in/Doe^John/1.dcm vanished"));
        using var provider = Services(orthanc, parallelism: 1);

        var run = provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(uploadToOrthanc: true));
        var act = () => run.WaitAsync(Hang);

        var error = (await act.Should().ThrowAsync<PipelineException>()).Which;
        error.Message.Should().Be("The run stopped: the send stage failed (IOException).").And.NotContain("Doe");
        error.InnerException.Should().BeOfType<IOException>();
    }

    [Fact]
    public async Task RunAsync_LoaderFailsMidway_NamesTheLoadStageWithoutAnyPath()
    {
        await Synthesize(patients: 1, instancesPerSeries: 3);
        using var provider = Services(loader: new FailingLoader(DefaultLoader(), after: 2));

        var run = provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(uploadToOrthanc: false));
        var act = () => run.WaitAsync(Hang);

        var error = (await act.Should().ThrowAsync<PipelineException>()).Which;
        error.Message.Should().Be("The run stopped: the load stage failed (IOException).");
        error.InnerException.Should().BeOfType<IOException>();
    }

    [Fact]
    public async Task RunAsync_ServerFiltersInstancesOut_RunIsNotComplete()
    {
        var corpus = await Synthesize(patients: 1, instancesPerSeries: 2);
        var orthanc = new FakeOrthancClient(_ => FakeOrthancClient.Answer(OrthancUploadStatus.FilteredOut));
        using var provider = Services(orthanc);

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(uploadToOrthanc: true));

        result.Stored.Should().Be(corpus.Files.Count);
        result.Report.Destinations.Should().ContainSingle().Which.Refused.Should().Be(corpus.Files.Count);
        result.Report.Destinations[0].Sent.Should().Be(0);
        result.IsComplete.Should().BeFalse("an instance the server refused is not on the server");
    }

    [Fact]
    public async Task RunAsync_OrthancOptionsInvalid_RunsThatDoNotUploadStillWork()
    {
        var corpus = await Synthesize(patients: 1, instancesPerSeries: 2);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Orthanc:BaseUrl"] = "not an address",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(uploadToOrthanc: false));

        result.Stored.Should().Be(corpus.Files.Count);
        result.IsComplete.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_UploadSucceeds_ReportCountsEveryInstanceAndListsNone()
    {
        // Instances sent without remark are counted, not listed: the report's memory must not grow with the run.
        var corpus = await Synthesize(patients: 1, instancesPerSeries: 3);
        var orthanc = new FakeOrthancClient(_ => FakeOrthancClient.Answer(OrthancUploadStatus.Success));
        using var provider = Services(orthanc);

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(uploadToOrthanc: true));

        result.IsComplete.Should().BeTrue();
        orthanc.Uploads.Should().Be(corpus.Files.Count);
        var destination = result.Report.Destinations.Should().ContainSingle().Which;
        destination.Sent.Should().Be(corpus.Files.Count);
        destination.Instances.Should().BeEmpty();
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Output, "report.json")));
        var sent = json.RootElement.GetProperty("destinations")[0];
        sent.GetProperty("sent").GetInt32().Should().Be(corpus.Files.Count);
        sent.GetProperty("instances").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_OwnCsvLoader_ItsTableIsJoined()
    {
        // The CSV seam implemented outside the library: the rows come from memory, not from a file.
        var corpus = await Synthesize(patients: 2, instancesPerSeries: 1);
        var patients = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in corpus.Files)
        {
            patients.Add((await DicomFile.OpenAsync(file)).Dataset.GetString(DicomTag.PatientID)!);
        }

        var rows = patients.Select((id, i) => (IReadOnlyList<string?>)[id, "TRIAL-" + i, "Arm-" + i]).ToList();
        var loader = new InMemoryCsvLoader(new CsvLookupTable("trial-db", new CsvMergeOptions(), ["OriginalPatientID", "PatientID", "Arm"], rows));
        var services = new ServiceCollection().AddSingleton<ICsvLookupTableLoader>(loader);
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, CsvPath = "trial-db" });

        loader.Asked.Should().Equal("trial-db");
        result.Stored.Should().Be(corpus.Files.Count);
        var stored = new List<string>();
        foreach (var file in Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories))
        {
            stored.Add((await DicomFile.OpenAsync(file)).Dataset.GetString(DicomTag.PatientID)!);
        }

        stored.Should().HaveCount(corpus.Files.Count).And.OnlyContain(id => id == "TRIAL-0" || id == "TRIAL-1").And.Contain("TRIAL-0").And.Contain("TRIAL-1");
        (await File.ReadAllTextAsync(Path.Combine(Output, "manifest.csv"))).Should().Contain("Arm-0").And.Contain("Arm-1");
    }

    [Fact]
    public async Task RunAsync_DestinationThrowsIOException_EndsTheRunCleanly()
    {
        await Synthesize(patients: 4, instancesPerSeries: 5);
        var destination = new FakeDestination(_ => throw new IOException("disk gone"));
        using var provider = Services(parallelism: 1);

        var run = provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Destinations = [destination], SendBatchSize = 2, SendParallelism = 1 });
        var act = () => run.WaitAsync(Hang);

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("send stage failed (IOException)");
    }

    [Fact]
    public async Task RunAsync_TwoDestinationsInBatches_EachGetsEveryInstanceOnceInBatchesOfTheSize()
    {
        var corpus = await Synthesize(patients: 1, instancesPerSeries: 5);
        var first = new FakeDestination(_ => DestinationOutcomeKind.Sent);
        var second = new FakeDestination(_ => DestinationOutcomeKind.AlreadyPresent);
        using var provider = Services();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Destinations = [first, second], SendBatchSize = 3 });

        result.IsComplete.Should().BeTrue();
        foreach (var destination in new[] { first, second })
        {
            destination.Batches.Should().OnlyContain(b => b.Count >= 1 && b.Count <= 3);
            destination.Batches.SelectMany(b => b).Select(i => i.SopInstanceUid).Should().OnlyHaveUniqueItems().And.HaveCount(corpus.Files.Count);
        }

        result.Report.Destinations.Select(d => (d.Sent, d.AlreadyPresent)).Should().Equal((corpus.Files.Count, 0), (0, corpus.Files.Count));
    }

    [Fact]
    public async Task RunAsync_DestinationRefusesOne_RunIsNotComplete()
    {
        await Synthesize(patients: 1, instancesPerSeries: 2);
        var refused = default(string);
        var destination = new FakeDestination(i => Interlocked.CompareExchange(ref refused, i.SopInstanceUid, null) is null ? DestinationOutcomeKind.Refused : DestinationOutcomeKind.Sent);
        using var provider = Services();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Destinations = [destination] });

        result.Report.Destinations[0].Refused.Should().Be(1);
        result.Report.Destinations[0].Instances.Should().ContainSingle(o => o.Kind == DestinationOutcomeKind.Refused).Which.SopInstanceUid.Should().Be(refused);
        result.IsComplete.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_VerifierFindsIdentifyingData_FileIsQuarantinedHeldBackAndNotSent()
    {
        var corpus = await Synthesize(patients: 2, instancesPerSeries: 2);
        var flagged = 0;
        var verifier = new FakeVerifier(_ => Interlocked.Increment(ref flagged) % 2 == 1);
        var destination = new FakeDestination(_ => DestinationOutcomeKind.Sent);
        using var provider = Services(verifier: verifier);

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Verify = true, Destinations = [destination] });

        var quarantined = corpus.Files.Count / 2;
        result.HeldBack.Should().Be(quarantined);
        result.Report.Quarantined.Should().Be(quarantined);
        result.Stored.Should().Be(corpus.Files.Count - quarantined);
        result.IsComplete.Should().BeFalse();
        result.Report.NotStored.Should().HaveCount(quarantined).And.OnlyContain(f => f.Outcome == FileOutcome.HeldBack && f.Reason.Contains("PatientName component", StringComparison.Ordinal));
        var quarantine = Output + "-quarantine";
        Directory.GetFiles(quarantine, "*.dcm", SearchOption.AllDirectories).Should().HaveCount(quarantined);
        Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Should().HaveCount(result.Stored);
        (await File.ReadAllLinesAsync(Path.Combine(Output, "manifest.csv"))).Should().HaveCount(result.Stored + 1);
        destination.Batches.SelectMany(b => b).Should().HaveCount(result.Stored, "a quarantined instance is not sent");
    }

    [Fact]
    public async Task RunAsync_VerifyWithoutVerifier_RefusesToStart()
    {
        await Synthesize(patients: 1, instancesPerSeries: 1);
        using var provider = Services(withoutVerifier: true);

        var act = () => provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Verify = true });

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("IDeidentificationVerifier");
        Directory.Exists(Output).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_QuarantineInsideOutput_RefusesToStart()
    {
        await Synthesize(patients: 1, instancesPerSeries: 1);
        using var provider = Services(verifier: new FakeVerifier(_ => false));

        var act = () => provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Verify = true, QuarantineDirectory = Path.Combine(Output, "q") });

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("quarantine folder");
    }

    [Fact]
    public async Task RunAsync_ConcurrentRunsSharingServices_EachStoresItsOwnInput()
    {
        // The web sample's jobs share one pipeline, store and loader: runs must keep their state apart.
        var first = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 3, Seed = 1 }).WriteAsync(Path.Combine(_root.FullName, "in1"));
        var second = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2, Seed = 2 }).WriteAsync(Path.Combine(_root.FullName, "in2"));
        using var provider = Services();
        var pipeline = provider.GetRequiredService<IDicomPipeline>();

        var results = await Task.WhenAll(
            pipeline.RunAsync(new PipelineRequest { InputDirectory = Path.Combine(_root.FullName, "in1"), OutputDirectory = Path.Combine(_root.FullName, "out1") }),
            pipeline.RunAsync(new PipelineRequest { InputDirectory = Path.Combine(_root.FullName, "in2"), OutputDirectory = Path.Combine(_root.FullName, "out2") }));

        results.Select(r => r.Stored).Should().Equal(first.Files.Count, second.Files.Count);
        results.Should().OnlyContain(r => r.IsComplete);
        Directory.GetFiles(Path.Combine(_root.FullName, "out1"), "*.dcm", SearchOption.AllDirectories).Should().HaveCount(first.Files.Count);
        Directory.GetFiles(Path.Combine(_root.FullName, "out2"), "*.dcm", SearchOption.AllDirectories).Should().HaveCount(second.Files.Count);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWriting_LeavesNoPartialFileAndTheNextRunCompletes()
    {
        var corpus = await Synthesize(patients: 3, instancesPerSeries: 4);
        using var provider = Services(parallelism: 2);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, stored: 3);

        var act = () => provider.GetRequiredService<IDicomPipeline>().RunAsync(Request(), progress, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(Output, "*.partial", SearchOption.AllDirectories).Should().BeEmpty();
        var again = await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request());
        again.Stored.Should().Be(corpus.Files.Count);
    }

    [Fact]
    public async Task RunAsync_MoreFilesThanTheRowsKeptInMemory_ManifestHasEveryRowInPathOrderAndNoRowFileRemains()
    {
        // 1,100 files: more than one run of manifest rows (1,024) goes to disk and is merged back when the manifest is written.
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions
        {
            Patients = 11,
            SeriesPerStudy = 4,
            InstancesPerSeries = 25,
            Rows = 8,
            Columns = 8,
        }).WriteAsync(Input);
        corpus.Files.Should().HaveCount(1_100);
        using var provider = Services(parallelism: 4);

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output, Anonymize = true });

        result.Stored.Should().Be(1_100);
        var manifestPaths = (await File.ReadAllLinesAsync(Path.Combine(Output, "manifest.csv"))).Skip(1).Select(line => line.Split(',')[0]).ToList();
        var stored = Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Output, f).Replace('\\', '/'));
        manifestPaths.Should().Equal(stored.Order(StringComparer.Ordinal));
        Directory.GetFiles(Output, "*.partial", SearchOption.AllDirectories).Should().BeEmpty("the rows' temporary files go when the run ends");
    }

    [Fact]
    public async Task RunAsync_TwoFilesWithOneSopInstanceUid_TheLaterInPathOrderIsDroppedBeforeAnyWorkerTakesIt()
    {
        // The same instance twice, told apart by a description. Which copy is kept must not depend on which worker finishes
        // first, so the later one in path order is dropped where files come one at a time, before de-identification: no
        // worker ever holds it (the test once held the first up with Thread.Sleep, a race that could not happen).
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 }).WriteAsync(Path.Combine(_root.FullName, "one"));
        Directory.CreateDirectory(Input);
        foreach (var (name, description) in new[] { ("a.dcm", "first"), ("b.dcm", "second") })
        {
            var file = await DicomFile.OpenAsync(corpus.Files[0]);
            file.Dataset.SetString(DicomTag.SeriesDescription, description);
            await file.SaveAsync(Path.Combine(Input, name));
        }

        var services = new ServiceCollection();
        var recorder = new RecordsDescriptions(new DicomPipeline.Anonymization.ConfidentialityProfileAnonymizer(new() { Secret = Secret }));
        services.AddSingleton<DicomPipeline.Anonymization.IAnonymizer>(recorder);
        services.AddDicomPipeline(o =>
        {
            o.Anonymization.Secret = Secret;
            o.MaxParallelism = 2;
        });
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Input, OutputDirectory = Output });

        recorder.Seen.Should().ContainSingle("the duplicate never reaches a worker").Which.Should().Be("first");
        result.Stored.Should().Be(1);
        result.Report.NotStored.Should().ContainSingle().Which.Path.Should().Be("b.dcm", "the later file in path order is the duplicate");
    }

    private async Task<SynthesisResult> Synthesize(int patients, int instancesPerSeries) =>
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = patients, InstancesPerSeries = instancesPerSeries }).WriteAsync(Input);

    private ServiceProvider Services(IOrthancClient? orthanc = null, int parallelism = 2, IDeidentificationVerifier? verifier = null, bool withoutVerifier = false, IDicomLoader? loader = null)
    {
        var services = new ServiceCollection();
        if (loader is not null)
        {
            services.AddSingleton(loader);
        }

        _orthanc = orthanc;
        if (orthanc is not null)
        {
            services.AddSingleton(orthanc);
        }

        if (verifier is not null)
        {
            services.AddSingleton(verifier);
        }

        services.AddDicomPipeline(o =>
        {
            o.Anonymization.Secret = Secret;
            o.MaxParallelism = parallelism;
        });
        if (withoutVerifier)
        {
            // AddDicomPipeline registers the built-in verifier; an app may take it out.
            services.RemoveAll<IDeidentificationVerifier>();
        }

        return services.BuildServiceProvider();
    }

    /// <summary>A run on the test's folders; with <paramref name="uploadToOrthanc"/>, sending to the fake Orthanc as a destination like any other.</summary>
    private PipelineRequest Request(bool uploadToOrthanc = false) => new()
    {
        InputDirectory = Input,
        OutputDirectory = Output,
        Destinations = uploadToOrthanc ? [new DicomPipeline.Destinations.OrthancDestination(_orthanc!, "orthanc", 2)] : null,
    };

    /// <summary>An <see cref="ICsvLookupTableLoader"/> of the library's user: one table made in memory.</summary>
    /// <summary>The folder loader of the library, as registered by default, for a decorator to wrap.</summary>
    private static IDicomLoader DefaultLoader()
    {
        using var provider = new ServiceCollection().AddDicomPipeline(o => o.Anonymization.Secret = Secret).Services.BuildServiceProvider();
        return provider.GetRequiredService<IDicomLoader>();
    }

    /// <summary>De-identifies as the built-in profile does, and records the series description of each file it is given.</summary>
    private sealed class RecordsDescriptions(DicomPipeline.Anonymization.IAnonymizer inner) : DicomPipeline.Anonymization.IAnonymizer
    {
        public System.Collections.Concurrent.ConcurrentQueue<string?> Seen { get; } = new();

        public DicomPipeline.Anonymization.AnonymizationResult Anonymize(DicomFile file)
        {
            Seen.Enqueue(file.Dataset.GetString(DicomTag.SeriesDescription));
            return inner.Anonymize(file);
        }
    }

    /// <summary>Hands out <paramref name="after"/> instances, then fails as a disk does.</summary>
    private sealed class FailingLoader(IDicomLoader inner, int after) : IDicomLoader
    {
        public async IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var count = 0;
            await foreach (var instance in inner.LoadAsync(directory, cancellationToken))
            {
                if (count++ == after)
                {
                    throw new IOException("Input/output error reading /in/Doe^John/3.dcm");
                }

                yield return instance;
            }
        }

        public Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default) => inner.GroupAsync(directory, cancellationToken);
    }

    private sealed class InMemoryCsvLoader(CsvLookupTable table) : ICsvLookupTableLoader
    {
        public List<string> Asked { get; } = [];

        public Task<CsvLookupTable> LoadAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken = default)
        {
            Asked.Add(path);
            return Task.FromResult(table);
        }
    }

    /// <summary>Cancels the run, synchronously, once a number of instances are stored: other workers are mid-write then.</summary>
    private sealed class CancelAfter(CancellationTokenSource cancel, int stored) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value)
        {
            if (value.Stored >= stored)
            {
                cancel.Cancel();
            }
        }
    }
}
