using System.Collections.Concurrent;
using System.Text.Json;
using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>
/// Issue 26: a pipeline is built once from steps, is reusable across runs, and what configuration binds is what runs;
/// named pipelines are registered like named HTTP clients; the runner knows no step by name.
/// </summary>
public sealed partial class PipelineModelTests : IDisposable
{
    private const string Secret = "pipeline-model-secret-4b1d7e9c2a6f4038b5e1";
    private const string OtherSecret = "pipeline-model-other-secret-8e3a0c6d1f9b4257";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("model-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Folder(string name) => Path.Combine(_root.FullName, name);

    [Fact]
    public async Task Build_Once_RunsOnTwoFoldersIntoTheirOwnOutputs()
    {
        var first = await Synthesize("in-1", patients: 1);
        var second = await Synthesize("in-2", patients: 2);
        await using var pipeline = DicomPipelineBuilder.Create()
            .LoadFrom(Folder("in-1"))
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Folder("out-default"))
            .Build();

        var one = await pipeline.RunAsync(new PipelineRequest { InputDirectory = Folder("in-1"), OutputDirectory = Folder("out-1") });
        var two = await pipeline.RunAsync(new PipelineRequest { InputDirectory = Folder("in-2"), OutputDirectory = Folder("out-2") });
        var again = await pipeline.RunAsync();

        one.Stored.Should().Be(first.Files.Count);
        two.Stored.Should().Be(second.Files.Count);
        again.Stored.Should().Be(first.Files.Count);
        again.OutputDirectory.Should().Be(Folder("out-default"), "a run that names no output folder writes to the store step's");
        File.Exists(Path.Combine(Folder("out-2"), "manifest.csv")).Should().BeTrue();
    }

    [Fact]
    public async Task AddDicomPipeline_ConfiguredOutputAndDestinations_AreWhatRuns()
    {
        var corpus = await Synthesize("in", patients: 1);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Anonymization:Secret"] = Secret,
            ["DicomPipeline:Output:Directory"] = Folder("configured-out"),

            // A DICOM peer where nothing listens: the destination is tried, and says so, rather than ignored.
            ["DicomPipeline:Destinations:0:Uri"] = "dicom://NOBODY@127.0.0.1:1",
            ["DicomPipeline:Destinations:0:ConnectTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline();
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest { InputDirectory = Folder("in") });

        result.OutputDirectory.Should().Be(Folder("configured-out"));
        Directory.EnumerateFiles(Folder("configured-out"), "*.dcm", SearchOption.AllDirectories).Should().HaveCount(corpus.Files.Count);
        var sent = result.Report.Destinations.Should().ContainSingle().Which;
        sent.Destination.Should().Contain("127.0.0.1:1");
        sent.NotSent.Should().Be(corpus.Files.Count);
    }

    [Fact]
    public async Task AddDicomPipeline_Named_EachBindsItsOwnSectionAndRunsApart()
    {
        await Synthesize("in", patients: 1);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Pipelines:research:Anonymization:Secret"] = Secret,
            ["DicomPipeline:Pipelines:research:Output:Directory"] = Folder("research"),
            ["DicomPipeline:Pipelines:trial:Anonymization:Secret"] = OtherSecret,
            ["DicomPipeline:Pipelines:trial:Output:Directory"] = Folder("trial"),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline("research");
        services.AddDicomPipeline("trial");
        await using var provider = services.BuildServiceProvider();

        var research = await provider.GetRequiredKeyedService<IDicomPipeline>("research").RunAsync(new PipelineRequest { InputDirectory = Folder("in") });
        var trial = await provider.GetRequiredKeyedService<IDicomPipeline>("trial").RunAsync(new PipelineRequest { InputDirectory = Folder("in") });

        research.OutputDirectory.Should().Be(Folder("research"));
        trial.OutputDirectory.Should().Be(Folder("trial"));
        var researchPatients = Directory.GetDirectories(Folder("research")).Select(Path.GetFileName);
        var trialPatients = Directory.GetDirectories(Folder("trial")).Select(Path.GetFileName);
        researchPatients.Should().NotIntersectWith(trialPatients, "each pipeline keys its pseudonyms with its own secret");
    }

    [Fact]
    public void AddDicomPipeline_NamedWithAWeakSecret_FailsAtStartNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Pipelines:weak:Anonymization:Secret"] = "short",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline("weak");
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Secret*");
    }

    [Fact]
    public async Task RunAsync_Progress_KnowsTheTotalBeforeTheEnd()
    {
        var corpus = await Synthesize("in", patients: 2);
        var reports = new ConcurrentQueue<PipelineProgress>();
        await using var pipeline = DicomPipelineBuilder.Create().LoadFrom(Folder("in")).Anonymize(o => o.Secret = Secret).SaveTo(Folder("out")).WithParallelism(1).Build();

        var result = await pipeline.RunAsync(new SynchronousProgress(reports.Enqueue));

        reports.Last().FilesTotal.Should().Be(result.FilesFound);
        reports.Where(p => p.Handled < corpus.Files.Count).Should().Contain(p => p.FilesTotal == corpus.Files.Count, "the total is known while files are still being handled");
    }

    [Fact]
    public async Task RunAsync_WithoutDeidentifying_ReportSaysNotDeidentified()
    {
        await Synthesize("in", patients: 1);
        await using var pipeline = DicomPipelineBuilder.Create().LoadFrom(Folder("in")).Anonymize(o => o.Secret = Secret).SaveTo(Folder("out")).Build();

        var result = await pipeline.RunAsync(new PipelineRequest { InputDirectory = Folder("in"), Anonymize = false });

        result.Report.Anonymized.Should().BeFalse();
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Folder("out"), "report.json")));
        json.RootElement.GetProperty("deidentification").GetString().Should().Be("not de-identified");
    }

    [Fact]
    public async Task RunAsync_RunsOwnDestinations_ReplaceThePipelinesAndStayTheCallers()
    {
        var corpus = await Synthesize("in", patients: 1);
        var pipelines = new FakeDestination(_ => DestinationOutcomeKind.Sent);
        var runs = new FakeDestination(_ => DestinationOutcomeKind.Sent);
        var pipeline = DicomPipelineBuilder.Create().LoadFrom(Folder("in")).Anonymize(o => o.Secret = Secret).SaveTo(Folder("out")).SendTo(pipelines).Build();

        await pipeline.RunAsync(new PipelineRequest { InputDirectory = Folder("in"), Destinations = [runs] });
        await pipeline.DisposeAsync();

        runs.Batches.SelectMany(b => b).Should().HaveCount(corpus.Files.Count);
        pipelines.Batches.Should().BeEmpty("a run's own destinations replace the pipeline's for that run");
        runs.Disposed.Should().Be(0);
        pipelines.Disposed.Should().Be(0, "a destination handed in as an object stays its owner's");
    }

    [Fact]
    public void Runner_NamesNoConcreteStepAndNoServer()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "DicomPipeline", "Pipeline", "DicomPipelineRunner.cs"));

        foreach (var name in new[] { "LoadStage", "LoadStep", "DeidentifyStage", "DeidentifyStep", "CsvMergeStage", "MergeCsvStep", "StoreStage", "StoreStep", "VerifyStage", "VerifyStep", "SendStage", "SendStep", "Orthanc" })
        {
            source.Should().NotContain(name);
        }

        // The composition is Orthanc-free too: Orthanc is reached only as a destination.
        foreach (var folder in new[] { "Pipeline", "DependencyInjection" })
        {
            Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "DicomPipeline", folder), "*.cs")
                .Where(f => File.ReadAllText(f).Contains("Orthanc", StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .Should().BeEmpty($"{folder}/ composes steps and destinations it does not know by name");
        }

        // And no code anywhere else names it: only Orthanc/ (the chores) and the destinations (the orthanc+http:// one)
        // do. Comments and strings may mention it (the exception family's documentation, a list of software names).
        var library = Path.Combine(RepositoryRoot(), "src", "DicomPipeline");
        Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(library, f).Split(Path.DirectorySeparatorChar) is [var top, _, ..] ? top is not ("Orthanc" or "Destinations" or "bin" or "obj") : true)
            .Where(f => CodeOnly().Replace(File.ReadAllText(f), string.Empty).Contains("orthanc", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(library, f))
            .Should().BeEmpty("Orthanc is a destination like any other");
    }

    /// <summary>Comments, character and string literals (verbatim and raw ones too), removed to leave code.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"//[^\n]*|/\*.*?\*/|""""""[\s\S]*?""""""|@""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)+'", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex CodeOnly();

    [Fact]
    public void PublicSurface_OutsideOrthancNamespace_NamesNoOrthancSpecialCase()
    {
        // Orthanc is a destination like any other: outside DicomPipeline.Orthanc (and AddOrthanc, its DI entry) no public
        // symbol names it: no upload-to-Orthanc flag, no Orthanc hook in the destination factory.
        var special = PublicApiFile.Read(Path.Combine(RepositoryRoot(), "src", "DicomPipeline"))
            .Where(line => line.Contains("orthanc", StringComparison.OrdinalIgnoreCase))
            .Where(line => !line.StartsWith("DicomPipeline.Orthanc.", StringComparison.Ordinal)
                && !line.StartsWith("Microsoft.Extensions.DependencyInjection.OrthancServiceCollectionExtensions", StringComparison.Ordinal));

        special.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_RequestSwitchesCleanPixelData_OnlyThatRunScansImages()
    {
        // The web form's checkbox: one pipeline, Clean Pixel Data chosen per run, the pipeline's own choice otherwise.
        var corpus = await Synthesize("in", patients: 1);
        await using var pipeline = DicomPipelineBuilder.Create()
            .LoadFrom(Folder("in"))
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Folder("out-plain"))
            .Build();

        var cleaned = await pipeline.RunAsync(new PipelineRequest { InputDirectory = Folder("in"), OutputDirectory = Folder("out-clean"), CleanPixelData = true });
        var plain = await pipeline.RunAsync();

        cleaned.Stored.Should().Be(corpus.Files.Count);
        cleaned.Report.ImagesScanned.Should().Be(corpus.Files.Count);
        cleaned.Report.Options.Should().Contain("CleanPixelData");
        plain.Report.ImagesScanned.Should().Be(0);
        plain.Report.Options.Should().NotContain("CleanPixelData");
    }

    private async Task<SynthesisResult> Synthesize(string folder, int patients) =>
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = patients, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Folder(folder));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DicomPipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above the test assembly.");
    }

    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
