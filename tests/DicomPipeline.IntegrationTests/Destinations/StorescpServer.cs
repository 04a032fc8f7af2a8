using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// DCMTK's <c>storescp</c> on a free port with AE title <see cref="AeTitle"/>, accepting every transfer syntax it knows
/// (<c>+xa</c>) and writing what it receives bit for bit (<c>+B</c>) into a temporary folder; one process per
/// association (<c>--fork</c>), so parallel associations are served at once. DCMTK 3.6.7's storescp has no option for the
/// address it binds to: it listens on every interface, on a random high port, for the length of the tests.
/// </summary>
public sealed class StorescpServer : IAsyncDisposable
{
    public const string AeTitle = "STORESCP";

    private readonly Process _process;

    private StorescpServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    /// <summary>Where the received files are written.</summary>
    public string Folder { get; }

    /// <summary>The address of this server for <c>dicom://</c>.</summary>
    public string Uri => $"dicom://{AeTitle}@127.0.0.1:{Port}";

    /// <summary>The address of this server for <c>dicom+tls://</c>, when started with <see cref="StartTlsAsync"/>.</summary>
    public string TlsUri => $"dicom+tls://{AeTitle}@127.0.0.1:{Port}";

    /// <summary>
    /// storescp speaking TLS only (<c>+tls</c>) with the server certificate of <paramref name="certificates"/>, trusting
    /// their authority for clients, and requiring a client certificate (<c>-rc</c>) unless <paramref name="requireClientCertificate"/> is false.
    /// </summary>
    public static Task<StorescpServer> StartTlsAsync(TestCertificates certificates, bool requireClientCertificate = true, bool selfSigned = false) =>
        StartAsync(
            "+tls",
            selfSigned ? certificates.SelfSignedServerKey : certificates.ServerKey,
            selfSigned ? certificates.SelfSignedServerCertificate : certificates.ServerCertificate,
            "-pw",
            "+cf",
            certificates.CaCertificate,
            requireClientCertificate ? "-rc" : "-ic");

    public static Task<StorescpServer> StartAsync(params string[] extraOptions) => StartOnAsync(OrthancServer.FreePort(), ["+xa"], extraOptions);

    /// <summary>
    /// storescp on <paramref name="port"/> (a peer restarted at the same address), negotiating as <paramref name="negotiation"/>
    /// says (<c>+xa</c>, or <c>-xf config profile</c>).
    /// </summary>
    public static async Task<StorescpServer> StartOnAsync(int port, string[] negotiation, params string[] extraOptions)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dicompipeline-storescp-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var startInfo = new ProcessStartInfo(DcmtkTools.Find("storescp")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--fork", .. negotiation, "+B", "-aet", AeTitle, "-od", folder, "-ta", "10", "-td", "30", .. extraOptions, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("storescp did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new StorescpServer(process, port, folder);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"storescp exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("storescp did not listen within 15 s.");
    }

    /// <summary>The received file for a SOP instance (storescp names files MODALITY.SOPInstanceUID).</summary>
    public string? ReceivedFile(string sopInstanceUid) =>
        Directory.EnumerateFiles(Folder).FirstOrDefault(f => Path.GetFileName(f).EndsWith("." + sopInstanceUid, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
