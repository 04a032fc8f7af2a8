using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// DCMTK's storescu (a real modality-side peer) → the receiving gateway (de-identifying) → Orthanc's DICOM port: every
/// instance arrives at Orthanc once, de-identified; an unknown calling AE is rejected with the standard reason.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ListenGatewayTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dicompipeline-listen-" + Guid.NewGuid().ToString("N")[..12]);
    private OrthancDestinationServerFixture? _orthanc;
    private GatewayUnderTest? _gateway;
    private int _port;

    public async Task InitializeAsync() => _orthanc = await OrthancDestinationServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _orthanc!.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Storescu_36Instances_ArriveAtOrthancOnceDeidentified()
    {
        await StartGatewayAsync();

        var sent = await StorescuAsync("MODALITY");

        sent.ExitCode.Should().Be(0, sent.ToString());
        await _gateway!.WaitForStudiesAsync(2);
        _gateway.Studies.Should().HaveCount(2).And.OnlyContain(s => s.Result != null && s.Result.Stored == 18 && s.Result.Report.Anonymized);
        _gateway.Studies.SelectMany(s => s.Result!.Report.Destinations).Should().OnlyContain(d => d.Sent == 18 && d.NotSent == 0 && d.Refused == 0);
        (await _orthanc!.CountInstancesAsync()).Should().Be(36);
        (await _gateway.OutputPatientIdsAsync()).Should().HaveCount(36).And.NotIntersectWith(_orthanc.Instances.Select(i => i.PatientId));
        Directory.EnumerateFileSystemEntries(_gateway.SpoolStudies).Should().BeEmpty();
    }

    [Fact]
    public async Task EightStorescuAtOnce_EveryInstanceOnceAtOrthanc()
    {
        await StartGatewayAsync();

        var senders = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => StorescuAsync("MODALITY" + i)));

        senders.Should().OnlyContain(r => r.ExitCode == 0, string.Join("\n", senders.Select(r => r.ToString())));
        await _gateway!.WaitForStudiesAsync(2);
        await Task.Delay(GatewayUnderTest.LateDuplicateWait); // a late duplicate would make a further study run
        (await _orthanc!.CountInstancesAsync()).Should().Be(36);
        _gateway.Studies.Sum(s => s.Instances).Should().BeGreaterThanOrEqualTo(36);
    }

    [Fact]
    public async Task Storescu_UnknownCallingAe_RejectedCallingAeNotRecognized()
    {
        await StartGatewayAsync(allowed: "MODALITY");

        var sent = await StorescuAsync("STRANGER");

        sent.ExitCode.Should().NotBe(0);
        (sent.StandardOutput + sent.StandardError).Should().Contain("Calling AE Title Not Recognized");
        Directory.EnumerateFileSystemEntries(_gateway!.SpoolStudies).Should().BeEmpty();
    }

    [Fact]
    public async Task Gdcmscu_36Instances_ArriveAtOrthancOnce()
    {
        await StartGatewayAsync();

        // Debian's gdcmscu 3.0 ends with an abort of its own after its last C-STORE ("ProtocolStream as nullptr"),
        // against storescp as well: what counts is what the gateway received and forwarded.
        await ProcessRunner.RunAsync(DcmtkTools.Find("gdcmscu", "libgdcm-tools"), ["--store", "--call", "GATEWAY", "--aetitle", "GDCMSCU", "-r", "-i", _orthanc!.Folder, "127.0.0.1", _gateway!.PortText]);

        await _gateway.WaitForStudiesAsync(2);
        _gateway.Studies.Sum(s => s.Instances).Should().Be(36);
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task ListenProcess_KilledAfterReceivingAndStartedAgain_EveryInstanceProcessedOnce()
    {
        _port = GatewayUnderTest.FreePort();
        string[] Arguments(int stableAge) =>
        [
            "listen", "--ae-title", "GATEWAY", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--spool", Path.Combine(_root, "spool"), "--output", Path.Combine(_root, "output"), "--anonymize",
            "--destination", _orthanc!.DicomUri(), "--stable-age", stableAge.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];

        using (var first = await Robustness.ConsoleCli.StartAsync(Arguments(3600)))
        {
            (await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))).Should().StartWith("Listening as GATEWAY");

            // The line comes as the receiver starts; the socket is bound a moment later (under load, after storescu would dial).
            for (var i = 0; i < 200 && !await GatewayUnderTest.AcceptsAsync(_port); i++)
            {
                await Task.Delay(50);
            }

            var sent = await ProcessRunner.RunAsync(DcmtkTools.Find("storescu"), ["-aet", "MODALITY", "-aec", "GATEWAY", "+sd", "+r", "127.0.0.1", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), _orthanc!.Folder]);
            sent.ExitCode.Should().Be(0, sent.ToString());
            first.Kill(entireProcessTree: true); // as a crash: no chance to finish anything
            await first.WaitForExitAsync();
        }

        (await _orthanc!.CountInstancesAsync()).Should().Be(0);
        Directory.EnumerateFiles(Path.Combine(_root, "spool", "studies"), "*.dcm", SearchOption.AllDirectories).Should().HaveCount(36);

        using var second = await Robustness.ConsoleCli.StartAsync(Arguments(1));
        var lines = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (lines.Count(l => l.StartsWith("study ", StringComparison.Ordinal)) < 2 && await second.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            lines.Add(line);
        }

        second.Kill(entireProcessTree: true);
        lines.Where(l => l.StartsWith("study ", StringComparison.Ordinal)).Should().HaveCount(2).And.OnlyContain(l => l.Contains("18 received, 18 stored") && l.Contains("18 sent"));
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "spool", "studies")).Should().BeEmpty();
    }

    private Task<ProcessResult> StorescuAsync(string callingAe) => _gateway!.StorescuAsync(callingAe, _orthanc!.Folder);

    private async Task StartGatewayAsync(string? allowed = null) =>
        _gateway = await GatewayUnderTest.StartAsync(_orthanc!.DicomUri(), o =>
        {
            if (allowed is not null)
            {
                o.AllowedCallingAeTitles.Add(allowed);
            }
        });
}
