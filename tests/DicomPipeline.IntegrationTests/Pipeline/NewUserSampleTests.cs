using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Pipeline;

/// <summary>
/// Issue 26's "a library people adopt in an hour": the README's two ways in, compiled and run against a real Orthanc
/// reached by DICOMweb (STOW-RS): load → de-identify → store → verify → send, with the builder in a few lines, and the
/// same from an appsettings.json through dependency injection with a named pipeline.
/// </summary>
public sealed class NewUserSampleTests : IAsyncLifetime
{
    private const string Secret = "new-user-sample-secret-2f8d6b0a9c4e4713a5b7";
    private OrthancDestinationServerFixture _orthanc = null!;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("new-user-");

    public async Task InitializeAsync() => _orthanc = await OrthancDestinationServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _orthanc.DisposeAsync();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Builder_TheReadmeSample_SendsEveryVerifiedInstanceByDicomWeb()
    {
        var (input, output, user, password) = (_orthanc.Folder, Path.Combine(_root.FullName, "out"), OrthancServer.Username, _orthanc.Server.Password);

        // The sample: 9 lines from nothing to a de-identified, verified study on the PACS.
        await using var pipeline = DicomPipelineBuilder.Create()
            .LoadFrom(input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(output)
            .Verify()
            .SendTo(_orthanc.DicomWebUri, o => (o.Username, o.Password) = (user, password))
            .Build();
        var result = await pipeline.RunAsync();

        result.Stored.Should().Be(_orthanc.Instances.Count);
        result.Report.Verified.Should().BeTrue();
        result.Report.Quarantined.Should().Be(0);
        result.Report.Destinations.Should().ContainSingle().Which.Sent.Should().Be(_orthanc.Instances.Count);
        (await _orthanc.CountInstancesAsync()).Should().Be(_orthanc.Instances.Count);
    }

    [Fact]
    public async Task DependencyInjection_NamedPipelineFromAppsettings_SendsEveryVerifiedInstanceByDicomWeb()
    {
        var settings = Path.Combine(_root.FullName, "appsettings.json");
        await File.WriteAllTextAsync(settings, $$"""
            {
              "DicomPipeline": {
                "Pipelines": {
                  "research": {
                    "Anonymization": { "Secret": "{{Secret}}" },
                    "Output": { "Directory": "{{Path.Combine(_root.FullName, "research")}}" },
                    "Verify": true,
                    "Destinations": [ { "Uri": "{{_orthanc.DicomWebUri}}", "Username": "{{OrthancServer.Username}}", "Password": "{{_orthanc.Server.Password}}" } ]
                  }
                }
              }
            }
            """);

        // The sample: configuration in, one named pipeline out, one call per folder.
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddJsonFile(settings).Build());
        services.AddDicomPipeline("research");
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredKeyedService<IDicomPipeline>("research").RunAsync(new PipelineRequest { InputDirectory = _orthanc.Folder });

        result.OutputDirectory.Should().Be(Path.Combine(_root.FullName, "research"));
        result.Report.Verified.Should().BeTrue("DicomPipeline:Pipelines:research:Verify is what runs");
        result.Report.Destinations.Should().ContainSingle().Which.Sent.Should().Be(_orthanc.Instances.Count);
        (await _orthanc.CountInstancesAsync()).Should().Be(_orthanc.Instances.Count);
    }
}
