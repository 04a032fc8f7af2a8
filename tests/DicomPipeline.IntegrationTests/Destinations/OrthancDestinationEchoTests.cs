using DicomPipeline.Destinations;
using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// <c>orthanc+http://</c> destinations made by the factory answer <see cref="IDicomDestination.EchoAsync"/> with one
/// request, never the upload's retries: a check of a dead server must answer at once.
/// </summary>
public sealed class OrthancDestinationEchoTests
{
    [Fact]
    public async Task EchoAsync_ServerFailing_OneRequestAndOneLine()
    {
        await using var server = FaultyHttpServer.Failing();
        var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = "orthanc+" + server.BaseUrl });
        try
        {
            var echo = await destination.EchoAsync();

            echo.Success.Should().BeFalse();
            echo.Message.Should().Contain("GET /system").And.NotContain("\n");
            server.Requests.Should().Be(1, "an echo is not retried");
        }
        finally
        {
            (destination as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task EchoAsync_RealOrthanc_NamesTheVersionAndAe()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();
        var destination = new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = $"orthanc+http://127.0.0.1:{orthanc.Server.HttpPort}",
            Username = Infrastructure.OrthancServer.Username,
            Password = orthanc.Server.Password,
        });
        try
        {
            var echo = await destination.EchoAsync();

            echo.Success.Should().BeTrue(echo.Message);
            echo.Message.Should().Be($"http://127.0.0.1:{orthanc.Server.HttpPort} is Orthanc {await VersionAsync(orthanc)} (AE {OrthancDestinationServerFixture.AeTitle}, DICOM port {orthanc.Server.DicomPort}).");
        }
        finally
        {
            (destination as IDisposable)?.Dispose();
        }
    }

    private static async Task<string> VersionAsync(OrthancDestinationServerFixture orthanc)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Infrastructure.OrthancServer.Username}:{orthanc.Server.Password}")));
        var system = await http.GetStringAsync(new Uri($"http://127.0.0.1:{orthanc.Server.HttpPort}/system"));
        return System.Text.Json.JsonDocument.Parse(system).RootElement.GetProperty("Version").GetString()!;
    }
}
