using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>
/// The console as users get it: packed by <c>deploy/pack-tool.sh</c> (the script the Dockerfile runs) into a temporary
/// folder, then installed from that folder alone with <c>dotnet tool install --tool-path</c> (a NuGet configuration that
/// clears every other source, and a packages folder of its own, so nothing comes from the network or an earlier run).
/// Packed once for the collection: the Native AOT compile inside the pack takes minutes on a small machine.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    private static readonly string[] Linkers = ["clang", "gcc"];
    private readonly string _folder = Directory.CreateTempSubdirectory("tool-package-").FullName;

    /// <summary>The folder the packages were written to.</summary>
    public string PackageFolder => Path.Combine(_folder, "nupkg");

    /// <summary>The folder <c>dotnet tool install --tool-path</c> installed into.</summary>
    public string ToolPath => Path.Combine(_folder, "tools");

    /// <summary>The installed command, as a user's shell finds it.</summary>
    public string Command => Path.Combine(ToolPath, "dicompipeline");

    public async Task InitializeAsync()
    {
        // Native AOT links with clang, or gcc where clang is not installed.
        if (!Linkers.Any(OnPath))
        {
            throw new InvalidOperationException("Native AOT needs a C toolchain to link: install gcc (apt-get install gcc); .ci/run does.");
        }

        var pack = await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(ConsoleCli.RepositoryRoot, "deploy", "pack-tool.sh"), "--output", PackageFolder, "--artifacts", Path.Combine(_folder, "artifacts")],
            TimeSpan.FromMinutes(20));
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/pack-tool.sh failed: {pack}{Environment.NewLine}{pack.StandardOutput}");
        }

        var config = Path.Combine(_folder, "nuget.config");
        await File.WriteAllTextAsync(
            config,
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{PackageFolder}" />
              </packageSources>
            </configuration>
            """);
        var install = await ProcessRunner.RunAsync(
            "env",
            [$"NUGET_PACKAGES={Path.Combine(_folder, "packages")}", "dotnet", "tool", "install", "--tool-path", ToolPath, "--configfile", config, "DicomPipeline.Console"],
            TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0 || !File.Exists(Command))
        {
            throw new InvalidOperationException($"dotnet tool install failed: {install}{Environment.NewLine}{install.StandardOutput}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    internal Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        ConsoleCli.RunAsync(arguments, environment, executable: Command);

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
