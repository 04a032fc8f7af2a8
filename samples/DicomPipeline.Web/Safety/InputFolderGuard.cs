using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Decides whether a requested <c>dir_path</c> may be read: its real path (absolute, <c>..</c> removed, every symbolic
/// link on the way resolved) must be one of <see cref="WebSampleOptions.AllowedInputRoots"/> or inside one, each root
/// resolved the same way. The pipeline is then given the resolved path, never the one that was sent, so what was checked
/// is what is read.
/// </summary>
internal sealed class InputFolderGuard(IOptions<WebSampleOptions> options)
{
    /// <summary>More links than this on one path is a loop, as the kernel's own limit (ELOOP) says.</summary>
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Resolves <paramref name="dirPath"/> or says, in one sentence for the user, why it is refused.</summary>
    /// <param name="dirPath">The path from the request.</param>
    /// <param name="folder">The resolved folder to read, when allowed.</param>
    /// <param name="refusal">Why not, when refused; never quotes <paramref name="dirPath"/>, which may name a patient.</param>
    /// <returns>True when the folder may be read.</returns>
    public bool TryResolve(string? dirPath, out string folder, out string refusal)
    {
        folder = string.Empty;
        var roots = options.Value.AllowedInputRoots.Where(root => !string.IsNullOrWhiteSpace(root)).ToList();
        if (roots.Count == 0)
        {
            refusal = "No input folder is allowed yet: list the folders that may be read in DicomPipeline:AllowedInputRoots "
                + "(appsettings.json, or the environment variable DicomPipeline__AllowedInputRoots__0=/path/to/data) and restart the app.";
            return false;
        }

        var allowed = "Allowed input roots: " + string.Join(", ", roots) + ".";
        if (string.IsNullOrWhiteSpace(dirPath))
        {
            refusal = "dir_path is required: a folder inside one of the allowed input roots. " + allowed;
            return false;
        }

        if (!Path.IsPathFullyQualified(dirPath) || dirPath.Contains('\0', StringComparison.Ordinal))
        {
            refusal = "dir_path must be an absolute folder path inside one of the allowed input roots. " + allowed;
            return false;
        }

        string resolved;
        try
        {
            resolved = ResolveRealPath(dirPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            refusal = "dir_path cannot be resolved (a loop of links or an unreadable folder on the way). " + allowed;
            return false;
        }

        foreach (var root in roots)
        {
            string realRoot;
            try
            {
                realRoot = ResolveRealPath(root);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                continue;
            }

            if (IsSameOrInside(resolved, realRoot))
            {
                if (!Directory.Exists(resolved))
                {
                    refusal = "dir_path is not an existing folder. " + allowed;
                    return false;
                }

                folder = resolved;
                refusal = string.Empty;
                return true;
            }
        }

        refusal = "dir_path is outside the allowed input roots, so nothing was read. " + allowed;
        return false;
    }

    /// <summary>
    /// The path with <c>..</c> and <c>.</c> removed and every symbolic link along it replaced by its target, component by
    /// component (a link's target may itself contain links). Components that do not exist are kept as they are.
    /// </summary>
    internal static string ResolveRealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? throw new ArgumentException("The path has no root.", nameof(path));
        var pending = new Stack<string>(Split(full).Reverse());
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("Too many symbolic links.");
            }

            // A relative target is relative to the link's folder, which is already real; start again from the target's root.
            var targetFull = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            foreach (var component in Split(targetFull).Reverse())
            {
                pending.Push(component);
            }

            current = Path.GetPathRoot(targetFull)!;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private static string[] Split(string fullPath) =>
        fullPath[(Path.GetPathRoot(fullPath)?.Length ?? 0)..]
            .Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsSameOrInside(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        if (string.Equals(path, trimmedRoot, PathComparison))
        {
            return true;
        }

        var prefix = trimmedRoot.EndsWith(Path.DirectorySeparatorChar) ? trimmedRoot : trimmedRoot + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }
}
