using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DicomPipeline.Destinations;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Pipeline;
using DicomPipeline.Receiving;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// DCMTK's storescu (a real modality-side peer) → the receiving gateway (de-identifying) → Orthanc's DICOM port: every
/// instance arrives at Orthanc once, de-identified; an unknown calling AE is rejected with the standard reason.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ListenGatewayTests : IAsyncLifetime
{
    private const string Secret = "listen-gateway-test-secret-0123456789abcdef";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dicompipeline-listen-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ConcurrentQueue<ReceivedStudy> _studies = new();
    private readonly CancellationTokenSource _stop = new();
    private OrthancDestinationServerFixture? _orthanc;
    private ServiceProvider? _services;
    private IDicomDestination? _destination;
    private Task? _receiver;
    private int _port;

    public async Task InitializeAsync() => _orthanc = await OrthancDestinationServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_receiver is not null)
        {
            await _receiver;
        }

        (_destination as IDisposable)?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _orthanc!.DisposeAsync();
        _stop.Dispose();
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
        await WaitForStudiesAsync(2);
        _studies.Should().HaveCount(2).And.OnlyContain(s => s.Result != null && s.Result.Stored == 18 && s.Result.Report.Anonymized);
        _studies.SelectMany(s => s.Result!.Report.Destinations).Should().OnlyContain(d => d.Sent == 18 && d.NotSent == 0 && d.Refused == 0);
        (await _orthanc!.CountInstancesAsync()).Should().Be(36);
        var originalNames = _orthanc.Instances.Select(i => i.PatientId).ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "output"), "*.dcm", SearchOption.AllDirectories))
        {
            var data = (await Dicom.DicomFile.OpenAsync(file, new Dicom.DicomReadOptions { StopBeforePixelData = true })).Dataset;
            originalNames.Should().NotContain(data.GetString(Dicom.DicomTag.PatientID));
        }

        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "spool", "studies")).Should().BeEmpty();
    }

    [Fact]
    public async Task EightStorescuAtOnce_EveryInstanceOnceAtOrthanc()
    {
        await StartGatewayAsync();

        var senders = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => StorescuAsync("MODALITY" + i)));

        senders.Should().OnlyContain(r => r.ExitCode == 0, string.Join("\n", senders.Select(r => r.ToString())));
        await WaitForStudiesAsync(2);
        await Task.Delay(1500); // a late duplicate would make a further study run
        (await _orthanc!.CountInstancesAsync()).Should().Be(36);
        _studies.Sum(s => s.Instances).Should().BeGreaterThanOrEqualTo(36);
    }

    [Fact]
    public async Task Storescu_UnknownCallingAe_RejectedCallingAeNotRecognized()
    {
        await StartGatewayAsync(allowed: "MODALITY");

        var sent = await StorescuAsync("STRANGER");

        sent.ExitCode.Should().NotBe(0);
        (sent.StandardOutput + sent.StandardError).Should().Contain("Calling AE Title Not Recognized");
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "spool", "studies")).Should().BeEmpty();
    }

    [Fact]
    public async Task Gdcmscu_36Instances_ArriveAtOrthancOnce()
    {
        await StartGatewayAsync();

        // Debian's gdcmscu 3.0 ends with an abort of its own after its last C-STORE ("ProtocolStream as nullptr"),
        // against storescp as well: what counts is what the gateway received and forwarded.
        await ProcessRunner.RunAsync(DcmtkTools.Find("gdcmscu", "libgdcm-tools"), ["--store", "--call", "GATEWAY", "--aetitle", "GDCMSCU", "-r", "-i", _orthanc!.Folder, "127.0.0.1", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        await WaitForStudiesAsync(2);
        _studies.Sum(s => s.Instances).Should().Be(36);
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task ListenProcess_KilledAfterReceivingAndStartedAgain_EveryInstanceProcessedOnce()
    {
        _port = FreePort();
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
            for (var i = 0; i < 200 && !await AcceptsAsync(); i++)
            {
                await Task.Delay(50);
            }

            var sent = await StorescuAsync("MODALITY");
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

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private Task<ProcessResult> StorescuAsync(string callingAe) =>
        ProcessRunner.RunAsync(DcmtkTools.Find("storescu"), ["-aet", callingAe, "-aec", "GATEWAY", "+sd", "+r", "127.0.0.1", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), _orthanc!.Folder]);

    private async Task StartGatewayAsync(string? allowed = null)
    {
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        _services = services.BuildServiceProvider();
        _destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = _orthanc!.DicomUri() });
        _port = FreePort();

        var options = new DicomReceiverOptions
        {
            AeTitle = "GATEWAY",
            Port = _port,
            SpoolDirectory = Path.Combine(_root, "spool"),
            OutputDirectory = Path.Combine(_root, "output"),
            StableAge = TimeSpan.FromSeconds(1),
        };
        if (allowed is not null)
        {
            options.AllowedCallingAeTitles.Add(allowed);
        }

        var destinations = new[] { _destination };
        _receiver = _services.GetRequiredService<IDicomReceiver>().RunAsync(
            options,
            (input, output) => new PipelineRequest { InputDirectory = input, OutputDirectory = output, Anonymize = true, Destinations = destinations },
            new Reports(_studies.Enqueue),
            _stop.Token);
        for (var i = 0; i < 100 && !await AcceptsAsync(); i++)
        {
            await Task.Delay(50);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, _port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task WaitForStudiesAsync(int count)
    {
        for (var i = 0; i < 600 && _studies.Count < count; i++)
        {
            await Task.Delay(50);
        }
    }

    private sealed class Reports(Action<ReceivedStudy> report) : IProgress<ReceivedStudy>
    {
        public void Report(ReceivedStudy value) => report(value);
    }
}
