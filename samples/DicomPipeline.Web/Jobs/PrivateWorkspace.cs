using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// Where uploaded CSVs wait for their job: <see cref="WebSettings.WorkDirectory"/>, or a new folder under the system's
/// temporary folder, readable by this user only (0700), with a folder per job (0700) and files created 0600. A CSV
/// names patients, and the temporary folder is shared by every user of the machine.
/// </summary>
internal sealed class PrivateWorkspace : IDisposable
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly bool _created;

    public PrivateWorkspace(IOptions<WebSampleOptions> options)
    {
        var configured = options.Value.Web.WorkDirectory;
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Created 0700 with a random name, so another user cannot have prepared it.
            Root = Directory.CreateTempSubdirectory("dicompipeline-web-").FullName;
            _created = true;
            return;
        }

        Root = Path.GetFullPath(configured);
        CreatePrivateFolder(Root);
    }

    /// <summary>The private folder.</summary>
    public string Root { get; }

    /// <summary>A new private folder for one job.</summary>
    public string CreateJobFolder(Guid jobId)
    {
        var folder = Path.Combine(Root, jobId.ToString());
        CreatePrivateFolder(folder);
        return folder;
    }

    /// <summary>Opens a new file that only this user can read.</summary>
    public static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 81920,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        return new FileStream(path, options);
    }

    /// <summary>Deletes a job's folder; a leftover is harmless (it is private) and goes with the workspace.</summary>
    public static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Private to this user; removed with the workspace.
        }
    }

    public void Dispose()
    {
        if (_created)
        {
            DeleteFolder(Root);
        }
    }

    /// <summary>
    /// Makes every folder of the tree at <paramref name="root"/> 0700 and every file 0600, whatever the umask they were
    /// created under; links are left alone (never followed). For a job's outputs and audit map, written by the library.
    /// </summary>
    public static void RestrictTree(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }

        File.SetUnixFileMode(root, PrivateFolder);
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", walk))
        {
            entry.UnixFileMode = entry is DirectoryInfo ? PrivateFolder : PrivateFile;
        }
    }

    /// <summary>Creates <paramref name="folder"/> (and missing parents) readable by this user only, or makes an existing one so.</summary>
    public static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, PrivateFolder);

        // CreateDirectory leaves an existing folder's mode as it was.
        File.SetUnixFileMode(folder, PrivateFolder);
    }
}
