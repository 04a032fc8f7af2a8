using System.Diagnostics;
using System.Text;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// The console sample run as a user runs it: <c>dotnet dicompipeline-cli.dll VERB …</c> from the sample's build output,
/// built first when missing.
/// </summary>
internal static class ConsoleCli
{
    public const string Secret = "robustness-secret-9f3c1a7e5b2d4068";

    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release), which the console is looked for in too.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string DllPath => Path.Combine(RepositoryRoot, "samples", "DicomPipeline.Console", "bin", Configuration, "net10.0", "dicompipeline-cli.dll");

    /// <summary>
    /// Runs the console to the end; kills it and throws when it takes longer than <paramref name="timeout"/>.
    /// <paramref name="executable"/>, when given, is a published console to run instead of the build's dll.
    /// </summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null, string? executable = null)
    {
        using var process = await StartAsync(arguments, environment, workingDirectory, executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dicompipeline-cli {string.Join(' ', arguments)} did not finish within {timeout ?? TimeSpan.FromSeconds(120)}.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the console with its output redirected; the caller reads it and waits.</summary>
    public static async Task<Process> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null, string? executable = null)
    {
        if (executable is null)
        {
            await EnsureBuiltAsync();
        }

        var startInfo = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (executable is null)
        {
            startInfo.ArgumentList.Add(DllPath);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Nothing inherited may change the run: the tests set what they need.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("DicomPipeline", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DicomPipeline__Anonymization__Secret"] = Secret;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        return process;
    }

    private static async Task EnsureBuiltAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            if (File.Exists(DllPath))
            {
                return;
            }

            var project = Path.Combine(RepositoryRoot, "samples", "DicomPipeline.Console");
            var build = await Infrastructure.ProcessRunner.RunAsync("dotnet", ["build", project, "-c", Configuration], TimeSpan.FromMinutes(5));
            if (build.ExitCode != 0 || !File.Exists(DllPath))
            {
                throw new InvalidOperationException($"Building the console failed ({build.ExitCode}):{Environment.NewLine}{build.StandardOutput}{build.StandardError}");
            }
        }
        finally
        {
            BuildLock.Release();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DicomPipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DicomPipeline.sln above {AppContext.BaseDirectory}.");
    }
}
