using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DicomPipeline.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Pipeline;
using DicomPipeline.Receiving;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// The receiving gateway run in the test process on a free loopback port, de-identifying and forwarding to
/// <c>dicom://</c> destination; records each study's report. Stopped (and its folders deleted) on dispose.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string AeTitle = "GATEWAY";

    /// <summary>
    /// How long a study must be quiet to be complete. Not one second: on a busy two-core CI machine a sender stalled
    /// for longer than that split a study in two (a flaky failure, 2026-12-07).
    /// </summary>
    public static readonly TimeSpan StableAge = TimeSpan.FromSeconds(3);

    /// <summary>Longer than <see cref="StableAge"/>: what a late duplicate would need to make a further study run.</summary>
    public static readonly TimeSpan LateDuplicateWait = StableAge + TimeSpan.FromSeconds(1);

    private const string Secret = "listen-gateway-test-secret-0123456789abcdef";

    private readonly ConcurrentQueue<ReceivedStudy> _studies = new();
    private readonly CancellationTokenSource _stop = new();
    private ServiceProvider? _services;
    private IDicomDestination? _destination;
    private Task? _receiver;

    private GatewayUnderTest(string root) => Root = root;

    /// <summary>The folder holding <c>spool</c> and <c>output</c> (unless the options put the spool elsewhere).</summary>
    public string Root { get; }

    public int Port { get; private set; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyCollection<ReceivedStudy> Studies => _studies;

    public string SpoolStudies { get; private set; } = string.Empty;

    /// <summary>Starts the gateway, forwarding to <paramref name="destinationUri"/>, and waits until its port answers.</summary>
    public static async Task<GatewayUnderTest> StartAsync(string destinationUri, Action<DicomReceiverOptions>? configure = null)
    {
        var gateway = new GatewayUnderTest(Path.Combine(Path.GetTempPath(), "dicompipeline-listen-" + Guid.NewGuid().ToString("N")[..12]));
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        gateway._services = services.BuildServiceProvider();
        gateway._destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = destinationUri });
        gateway.Port = FreePort();
        var options = new DicomReceiverOptions
        {
            AeTitle = AeTitle,
            Port = gateway.Port,
            SpoolDirectory = Path.Combine(gateway.Root, "spool"),
            OutputDirectory = Path.Combine(gateway.Root, "output"),
            StableAge = GatewayUnderTest.StableAge,
        };
        configure?.Invoke(options);
        gateway.SpoolStudies = Path.Combine(options.SpoolDirectory, "studies");
        var destinations = new[] { gateway._destination };
        var receiver = gateway._services.GetRequiredService<IDicomReceiver>();
        gateway._receiver = receiver.RunAsync(
            options,
            (input, output) => new PipelineRequest { InputDirectory = input, OutputDirectory = output, Anonymize = true, Destinations = destinations },
            new Reports(gateway._studies.Enqueue),
            gateway._stop.Token);

        // Ready when the port listens, known from the receiver itself: a probe connection would hold one of the
        // association slots until the receiver saw it close, and a test that fills every slot at once would find one taken.
        await ((DicomReceiver)receiver).Listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return gateway;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>DCMTK's storescu sending <paramref name="folder"/> (recursively) to the gateway.</summary>
    public Task<ProcessResult> StorescuAsync(string callingAe, string folder, params string[] extra) =>
        ProcessRunner.RunAsync(DcmtkTools.Find("storescu"), [.. extra, "-aet", callingAe, "-aec", AeTitle, "+sd", "+r", "127.0.0.1", PortText, folder]);

    /// <summary>Waits (up to 30 s) until <paramref name="count"/> studies have been processed.</summary>
    public async Task WaitForStudiesAsync(int count)
    {
        for (var i = 0; i < 600 && _studies.Count < count; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>The Patient IDs in the de-identified output files.</summary>
    public async Task<IReadOnlyList<string?>> OutputPatientIdsAsync()
    {
        var ids = new List<string?>();
        var output = Path.Combine(Root, "output");
        if (!Directory.Exists(output))
        {
            return ids;
        }

        foreach (var file in Directory.EnumerateFiles(output, "*.dcm", SearchOption.AllDirectories))
        {
            var data = (await Dicom.DicomFile.OpenAsync(file, new Dicom.DicomReadOptions { StopBeforePixelData = true })).Dataset;
            ids.Add(data.GetString(Dicom.DicomTag.PatientID));
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
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

        _stop.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private sealed class Reports(Action<ReceivedStudy> report) : IProgress<ReceivedStudy>
    {
        public void Report(ReceivedStudy value) => report(value);
    }
}
