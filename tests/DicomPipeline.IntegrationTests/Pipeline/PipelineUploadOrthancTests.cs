using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Pipeline;

/// <summary>Orthanc as a destination like any other (<c>orthanc+http://</c>) against a real Orthanc: complete, idempotent, and resumable after an outage.</summary>
public sealed class PipelineUploadOrthancTests : IDisposable
{
    private const string Secret = "upload-secret-9f3c1a7e5b2d4068-8e2b6d0c4a";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pipeline-upload-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task UploadTo_RunTwice_UploadsEverythingOnceThenNothing()
    {
        await using var server = await OrthancServer.StartAsync();
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 3 }).WriteAsync(Input);

        var first = await RunAsync(server);
        var second = await RunAsync(server);

        first.Report.Destinations.Should().ContainSingle().Which.Sent.Should().Be(corpus.Files.Count);
        first.Report.Destinations[0].Error.Should().BeNull();
        second.Report.Destinations[0].Sent.Should().Be(0, "a re-run sends nothing the server has");
        second.Report.Destinations[0].AlreadyPresent.Should().Be(corpus.Files.Count);
        var stats = await ClientStatisticsAsync(server);
        stats.Should().Be(corpus.Files.Count);
    }

    [Fact]
    public async Task UploadTo_ServerDownDuringTheRun_KeepsFilesNamesTheCountAndTheNextRunUploadsExactlyTheMissing()
    {
        await using var server = await OrthancServer.StartAsync();
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 3 }).WriteAsync(Input);
        await server.StopAsync();

        var down = await RunAsync(server);

        down.Stored.Should().Be(corpus.Files.Count, "the processed files are kept");
        down.Report.Destinations.Should().ContainSingle().Which.NotSent.Should().Be(corpus.Files.Count);
        down.Report.Destinations[0].Error.Should().Contain("not reachable");
        down.IsComplete.Should().BeFalse();

        await server.RestartAsync();
        var again = await RunAsync(server);

        again.Report.Destinations[0].Sent.Should().Be(corpus.Files.Count);
        again.Report.Destinations[0].Error.Should().BeNull();
        (await ClientStatisticsAsync(server)).Should().Be(corpus.Files.Count, "nothing is missing and nothing is duplicated");
    }

    private async Task<PipelineResult> RunAsync(OrthancServer server)
    {
        var options = server.ClientOptions();
        using var job = DicomPipelineBuilder.Create()
            .LoadFrom(Input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Output)
            .SendTo("orthanc+" + options.BaseUrl, o =>
            {
                o.Username = options.Username;
                o.Password = options.Password;
                o.Timeout = TimeSpan.FromSeconds(10);
            })
            .Build();
        return await job.RunAsync();
    }

    private static async Task<long> ClientStatisticsAsync(OrthancServer server)
    {
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        return (await connection.Client.GetStatisticsAsync()).CountInstances;
    }
}
