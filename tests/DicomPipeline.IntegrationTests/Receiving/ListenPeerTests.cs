using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// Senders nobody here wrote, each with its own association negotiation, into the gateway (de-identifying) and on to
/// Orthanc's DICOM port: DCMTK's dcmsend, npm's dcmjs-dimse and Orthanc itself (<c>/modalities/{id}/store</c>). Each
/// time every one of the 36 instances arrives at Orthanc once, and no original Patient ID is there.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ListenPeerTests : IAsyncLifetime
{
    private OrthancDestinationServerFixture? _orthanc;
    private GatewayUnderTest? _gateway;

    public async Task InitializeAsync()
    {
        _orthanc = await OrthancDestinationServerFixture.StartAsync();
        _gateway = await GatewayUnderTest.StartAsync(_orthanc.DicomUri());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _orthanc!.DisposeAsync();
    }

    [Fact]
    public async Task Dcmsend_Folder_EveryInstanceOnceAtOrthancDeidentified()
    {
        var sent = await ProcessRunner.RunAsync(
            DcmtkTools.Find("dcmsend"),
            ["-aet", "DCMSEND", "-aec", GatewayUnderTest.AeTitle, "--scan-directories", "--recurse", "127.0.0.1", _gateway!.PortText, _orthanc!.Folder]);

        sent.ExitCode.Should().Be(0, sent.ToString());
        await AssertArrivedOnceDeidentifiedAsync();
    }

    [Fact]
    public async Task DcmjsDimse_EveryFile_EveryInstanceOnceAtOrthancDeidentified()
    {
        var module = NpmPeer.ModuleDirectory("dcmjs-dimse");
        var files = Directory.GetFiles(_orthanc!.Folder, "*", SearchOption.AllDirectories);
        var script = Path.Combine(_gateway!.Root, "dcmjs-store.js");
        Directory.CreateDirectory(_gateway.Root);
        await File.WriteAllTextAsync(script, $$"""
            const { Client, requests: { CStoreRequest }, constants: { Status } } = require({{JsonSerializer.Serialize(module)}});
            const files = {{JsonSerializer.Serialize(files)}};
            const client = new Client();
            let success = 0, failure = 0;
            for (const file of files) {
              const request = new CStoreRequest(file);
              request.on('response', (response) => { if (response.getStatus() === Status.Success) success++; else failure++; });
              client.addRequest(request);
            }
            client.on('networkError', (e) => { console.error('network error: ' + e); process.exitCode = 2; });
            client.on('closed', () => { console.log(`success ${success} failure ${failure}`); if (failure > 0 || success !== files.length) process.exitCode = 1; });
            client.send('127.0.0.1', {{_gateway.Port}}, 'DCMJSDIMSE', '{{GatewayUnderTest.AeTitle}}');
            """);

        var sent = await ProcessRunner.RunAsync("node", [script]);

        sent.ExitCode.Should().Be(0, sent.ToString());
        sent.StandardOutput.Should().Contain("success 36 failure 0");
        await AssertArrivedOnceDeidentifiedAsync();
    }

    [Fact]
    public async Task OrthancModalitiesStore_WholeStudies_EveryInstanceOnceAtOrthancDeidentified()
    {
        await using var source = await OrthancServer.StartAsync(new Dictionary<string, object>
        {
            ["DicomAet"] = "ORTHANCSRC",
            ["DicomModalities"] = new Dictionary<string, object>
            {
                ["gateway"] = new object[] { GatewayUnderTest.AeTitle, "127.0.0.1", _gateway!.Port },
            },
        });
        using (var connection = OrthancConnection.Create(source.ClientOptions()))
        {
            foreach (var instance in _orthanc!.Instances)
            {
                (await connection.Client.UploadInstanceAsync(instance.FullPath)).Status.Should().Be(OrthancUploadStatus.Success);
            }
        }

        using var http = new HttpClient { BaseAddress = new Uri(source.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{OrthancServer.Username}:{source.Password}")));
        var studies = JsonSerializer.Deserialize<string[]>(await http.GetStringAsync("/studies"))!;
        studies.Should().HaveCount(2);

        // Synchronous: Orthanc answers once its C-STORE SCU has finished, with what it failed to send.
        using var response = await http.PostAsync("/modalities/gateway/store", new StringContent(JsonSerializer.Serialize(new { Resources = studies, Synchronous = true }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        response.IsSuccessStatusCode.Should().BeTrue(body);
        using var answer = JsonDocument.Parse(body);
        answer.RootElement.GetProperty("FailedInstancesCount").GetInt32().Should().Be(0, body);
        answer.RootElement.GetProperty("InstancesCount").GetInt32().Should().Be(36, body);
        await AssertArrivedOnceDeidentifiedAsync();
    }

    private async Task AssertArrivedOnceDeidentifiedAsync()
    {
        await _gateway!.WaitForStudiesAsync(2);
        await Task.Delay(GatewayUnderTest.LateDuplicateWait); // a late duplicate would make a further study run
        _gateway.Studies.Should().HaveCount(2).And.OnlyContain(s => s.Result != null && s.Result.Stored == 18 && s.Result.Report.Anonymized);
        _gateway.Studies.SelectMany(s => s.Result!.Report.Destinations).Should().OnlyContain(d => d.Sent == 18 && d.NotSent == 0 && d.Refused == 0);
        (await _orthanc!.CountInstancesAsync()).Should().Be(36);
        var originals = _orthanc.Instances.Select(i => i.PatientId).ToHashSet();
        (await _orthanc.PatientIdsAsync()).Should().HaveCount(2).And.NotIntersectWith(originals);
        (await _gateway.OutputPatientIdsAsync()).Should().HaveCount(36).And.NotIntersectWith(originals);
        Directory.EnumerateFileSystemEntries(_gateway.SpoolStudies).Should().BeEmpty();
    }
}
