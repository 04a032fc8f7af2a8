using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>A small tmpfs mounted for one test (a full or read-only disk); needs root, as CI and the dev machines have.</summary>
internal sealed class Tmpfs : IAsyncDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs at a new folder with the given mount options (e.g. <c>size=256k</c>, <c>ro</c>), or returns null when mounting is not permitted.</summary>
    public static async Task<Tmpfs?> TryMountAsync(string options)
    {
        var path = Directory.CreateTempSubdirectory("robustness-tmpfs-").FullName;
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path], TimeSpan.FromSeconds(20));
        if (mount.ExitCode != 0)
        {
            Directory.Delete(path);
            return null;
        }

        return new Tmpfs(path);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(20));
        Directory.Delete(Path, recursive: true);
    }
}
