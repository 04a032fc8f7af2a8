using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DicomPipeline.Orthanc;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A private Orthanc process (Debian's <c>/usr/sbin/Orthanc</c>) with a temporary configuration: HTTP and DICOM on free
/// ports, storage and index in a temporary folder, no plugins, remote access refused, basic authentication with a
/// random password. Orthanc 1.10 has no option for the address it binds to (it listens on every interface), so
/// <c>RemoteAccessAllowed: false</c> makes it refuse every client but this machine, and the tests talk to
/// 127.0.0.1 only. Stopped by its process ID; the folder is deleted on dispose.
/// </summary>
public sealed class OrthancServer : IAsyncDisposable
{
    /// <summary>Where Debian's orthanc package puts the server.</summary>
    public const string Executable = "/usr/sbin/Orthanc";

    /// <summary>The user the server accepts.</summary>
    public const string Username = "dicompipeline";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;
    private IReadOnlyDictionary<string, object> _extraConfiguration = new Dictionary<string, object>();

    private OrthancServer(string root, int httpPort, int dicomPort)
    {
        Root = root;
        HttpPort = httpPort;
        DicomPort = dicomPort;
    }

    /// <summary>The server's temporary folder: configuration, storage, index and log.</summary>
    public string Root { get; }

    /// <summary>The HTTP port.</summary>
    public int HttpPort { get; }

    /// <summary>The DICOM port.</summary>
    public int DicomPort { get; }

    /// <summary>The password of <see cref="Username"/>, random per server.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    /// <summary>The REST API's address on the loopback interface.</summary>
    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Options for a client of this server, with short retries so failure tests stay quick.</summary>
    public OrthancOptions ClientOptions() => new()
    {
        BaseUrl = BaseUrl,
        Username = Username,
        Password = Password,
        Timeout = TimeSpan.FromSeconds(30),
        MaxRetryAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Writes the configuration, starts the server and waits until it answers <c>GET /system</c>.</summary>
    /// <exception cref="InvalidOperationException">Orthanc is not installed, exits, or does not answer within 30 s.</exception>
    public static Task<OrthancServer> StartAsync() => StartAsync(new Dictionary<string, object>());

    /// <summary>
    /// As <see cref="StartAsync()"/>, with configuration entries added or replaced (e.g. <c>DicomCheckCalledAet</c>, or
    /// <c>Plugins</c> naming the DICOMweb plugin).
    /// </summary>
    /// <param name="extraConfiguration">Entries written over the defaults.</param>
    public static async Task<OrthancServer> StartAsync(IReadOnlyDictionary<string, object> extraConfiguration)
    {
        // A free port can be taken by another test's server between choosing it and Orthanc binding it: the process then
        // exits while starting, and a second try on new ports settles it.
        for (var attempt = 1; ; attempt++)
        {
            var root = Path.Combine(Path.GetTempPath(), "dicompipeline-orthanc-it-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            var server = new OrthancServer(root, FreePort(), FreePort()) { _extraConfiguration = extraConfiguration };
            try
            {
                await server.WriteConfigurationAsync();
                await server.StartProcessAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && File.Exists(Executable))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the process (as a crash or power cut would stop it) and waits for it to end; the storage stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the stopped server again on the same ports and storage.</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private async Task WriteConfigurationAsync()
    {
        var storage = Path.Combine(Root, "storage");
        var configuration = new Dictionary<string, object>
        {
            ["Name"] = "DicomPipeline integration tests",
            ["HttpPort"] = HttpPort,
            ["DicomPort"] = DicomPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = true,
            ["RegisteredUsers"] = new Dictionary<string, string> { [Username] = Password },
            ["StorageDirectory"] = storage,
            ["IndexDirectory"] = storage,
            ["Plugins"] = Array.Empty<string>(),
            ["LuaScripts"] = Array.Empty<string>(),
            ["DicomModalities"] = new Dictionary<string, object>(),
            ["OrthancPeers"] = new Dictionary<string, object>(),
            ["HttpsVerifyPeers"] = true,
            ["StorageCompression"] = false,
        };
        foreach (var (key, value) in _extraConfiguration)
        {
            configuration[key] = value;
        }

        await File.WriteAllTextAsync(ConfigurationPath, JsonSerializer.Serialize(configuration));
    }

    private string ConfigurationPath => Path.Combine(Root, "orthanc.json");

    private string LogPath => Path.Combine(Root, "Orthanc.log");

    private async Task StartProcessAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's orthanc package (apt-get install orthanc); .ci/run does.");
        }

        var startInfo = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = Root,
        };
        startInfo.ArgumentList.Add("--logfile=" + LogPath);
        startInfo.ArgumentList.Add("--no-jobs");
        startInfo.ArgumentList.Add(ConfigurationPath);
        _process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{Executable} did not start.");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password)));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode} while starting. Log:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl + "/system"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await StopAsync();
        throw new InvalidOperationException($"Orthanc did not answer GET /system within {StartTimeout.TotalSeconds} s. Log:\n{LogTail()}");
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogPath);
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>A port free on the loopback interface now (the system picks it for a listener on port 0).</summary>
    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
