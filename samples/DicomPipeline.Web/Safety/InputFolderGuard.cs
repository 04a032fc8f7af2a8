using DicomPipeline.Loading;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Safety;

/// <summary>
/// Decides whether a requested <c>dir_path</c> may be read: its real path (absolute, <c>..</c> removed, every symbolic
/// link on the way resolved) must be one of <see cref="WebSampleOptions.AllowedInputRoots"/> or inside one, each root
/// resolved the same way, by the library's <see cref="DicomLoaderOptions.IsInsideFolder"/>, the check its confined walk
/// makes again as it reads. The pipeline is then given the resolved path, never the one that was sent, so what was checked
/// is what is read.
/// </summary>
internal sealed class InputFolderGuard(IOptions<WebSampleOptions> options)
{
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

        // The library's own check, the one its confined walk makes again as it reads: one definition of "inside".
        var resolved = string.Empty;
        foreach (var root in roots)
        {
            if (!Path.IsPathFullyQualified(root))
            {
                continue;
            }

            if (DicomLoaderOptions.IsInsideFolder(dirPath, root, out resolved))
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

            if (resolved.Length == 0)
            {
                refusal = "dir_path cannot be resolved (a loop of links or an unreadable folder on the way). " + allowed;
                return false;
            }
        }

        refusal = "dir_path is outside the allowed input roots, so nothing was read. " + allowed;
        return false;
    }
}
