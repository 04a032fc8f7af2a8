using DicomPipeline.Anonymization;
using DicomPipeline.Loading;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;
using DicomPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Tests.DependencyInjection;

public sealed class DicomPipelineServiceCollectionExtensionsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("di-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void AddDicomPipeline_RegistersTheSeams()
    {
        var services = new ServiceCollection();

        var builder = services.AddDicomPipeline(o => o.Anonymization.Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a");

        builder.Services.Should().BeSameAs(services);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDicomLoader>().Should().BeOfType<FolderDicomLoader>();
        provider.GetRequiredService<IAnonymizer>().Should().BeOfType<ConfidentialityProfileAnonymizer>();
        provider.GetRequiredService<IProcessedStore>().Should().BeOfType<FolderProcessedStore>();
        provider.GetRequiredService<DicomPipeline.Csv.ICsvLookupTableLoader>().Should().BeOfType<DicomPipeline.Csv.CsvLookupTableLoader>();
        provider.GetService<DicomPipeline.Orthanc.IOrthancClient>().Should().BeNull("Orthanc is a destination like any other; its client is only for its chores, registered by AddOrthanc");
        provider.GetRequiredService<IDicomPipeline>().Should().BeOfType<PipelineJob>();
        provider.GetRequiredService<IDicomPipeline>().Should().BeSameAs(provider.GetRequiredService<IDicomPipeline>(), "the pipeline is a singleton");
    }

    /// <summary>
    /// What the console used to check on every start (ValidateOnBuild, ~5 ms of a run's start-up): every service
    /// registered, with the configuration the console and the web sample register, can be constructed, and no singleton
    /// holds a scoped service.
    /// </summary>
    [Fact]
    public void AddDicomPipeline_EveryRegistrationCanBeBuilt()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddDicomPipeline(o => o.Anonymization.Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a").AddOrthanc(o => o.BaseUrl = "http://127.0.0.1:8042");

        var build = () => services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }).Dispose();

        build.Should().NotThrow();
    }

    [Fact]
    public void AddOrthanc_SetsTheServerTheClientTalksTo()
    {
        var services = new ServiceCollection();

        services.AddDicomPipeline().AddOrthanc(o => o.BaseUrl = "http://127.0.0.1:9999");

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DicomPipeline.Orthanc.IOrthancClient>().Should().BeOfType<DicomPipeline.Orthanc.OrthancClient>();
        provider.GetRequiredService<IOptions<DicomPipeline.Orthanc.OrthancOptions>>().Value.BaseUrl.Should().Be("http://127.0.0.1:9999");
    }

    [Fact]
    public void AddDicomPipeline_KeepsWhatTheAppRegisteredFirst()
    {
        var services = new ServiceCollection();
        var mine = new FolderProcessedStore();
        services.AddSingleton<IProcessedStore>(mine);

        services.AddDicomPipeline();

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IProcessedStore>().Should().BeSameAs(mine);
        services.Count(d => d.ServiceType == typeof(IProcessedStore)).Should().Be(1);
    }

    [Fact]
    public void AddDicomPipeline_BindsTheDicomPipelineSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Anonymization:Secret"] = "from-config-9f3c1a7e5b2d4068-8e2b6d0c4a",
            ["DicomPipeline:Anonymization:RetainUids"] = "true",
            ["DicomPipeline:Output:Directory"] = "/data/out",
            ["DicomPipeline:MaxParallelism"] = "3",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddDicomPipeline();

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;
        options.Anonymization.Secret.Should().Be("from-config-9f3c1a7e5b2d4068-8e2b6d0c4a");
        options.Anonymization.RetainUids.Should().BeTrue();
        options.Output.Directory.Should().Be("/data/out");
        options.MaxParallelism.Should().Be(3);
    }

    [Fact]
    public void AddDicomPipeline_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.MaxParallelism = -1);

        using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*MaxParallelism*");
    }

    [Fact]
    public void AddDicomPipeline_DestinationsSection_BoundAndEachEntryValidated()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DicomPipeline:Anonymization:Secret"] = "destinations-test-secret-9f3c1a7e5b2d4068",
            ["DicomPipeline:Destinations:0:Uri"] = "dicomweb+https://pacs.example/dicom-web",
            ["DicomPipeline:Destinations:0:BatchSize"] = "8",
            ["DicomPipeline:Destinations:1:Uri"] = "ftp://user:hunter2@pacs",
            ["DicomPipeline:Destinations:1:Parallelism"] = "0",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline();

        using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().ContainSingle().Which.Should().StartWith("DicomPipeline:Destinations:1: ", "an entry's first problem is reported");
        string.Join(' ', failures).Should().NotContain("hunter2");
    }

    [Fact]
    public void AddDicomPipeline_HeaderOnlyLoader_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Loader.HeaderOnly = true);

        using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*HeaderOnly*pixel data*");
    }

    [Fact]
    public void DicomPipeline_NoSecret_RefusedBeforeAnyRunStarts()
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline();
        using var provider = services.BuildServiceProvider();

        var atStart = () => provider.GetRequiredService<IStartupValidator>().Validate();
        var atFirstUse = () => provider.GetRequiredService<IDicomPipeline>();

        atStart.Should().Throw<OptionsValidationException>().WithMessage("*DicomPipeline:Anonymization:Secret*DicomPipeline__Anonymization__Secret*");
        atFirstUse.Should().Throw<OptionsValidationException>().WithMessage("*DicomPipeline:Anonymization:Secret*");
    }

    [Fact]
    public async Task DicomPipeline_RequireSecretOff_AnonymizingRunWithoutSecretFailsWithTheConfigurationKey()
    {
        var input = _root.CreateSubdirectory("in").FullName;
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.RequireSecret = false);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var act = () => provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest
        {
            InputDirectory = input,
            OutputDirectory = Path.Combine(_root.FullName, "out"),
        });

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("DicomPipeline__Anonymization__Secret");
        Directory.Exists(Path.Combine(_root.FullName, "out")).Should().BeFalse("nothing is written when the run cannot start");
    }

    [Fact]
    public async Task DicomPipeline_ThroughDependencyInjection_RunsTheJob()
    {
        var input = Path.Combine(_root.FullName, "in");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(input);
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = "di-secret-9f3c1a7e5b2d4068-8e2b6d0c4a");
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest
        {
            InputDirectory = input,
            OutputDirectory = Path.Combine(_root.FullName, "out"),
        });

        result.Stored.Should().Be(corpus.Files.Count);
        result.Report.Anonymized.Should().BeTrue();
        result.Report.ProfileEdition.Should().Be("2024b");
    }
}
