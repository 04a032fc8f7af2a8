using System.IO.Enumeration;
using DicomPipeline.Loading;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// Counts, before a job's pipeline starts, the entries the library's folder walk will hand on: every file and every
/// symbolic link (one entry each, never descended into), below the folder. So the page can say "N of M files" before the
/// first file is done, instead of an indeterminate bar that jumps to 100 %. Only names are listed, nothing is opened; the
/// count stops at a cap (a folder of millions of files says "more than" the cap), and a folder that is no longer its own
/// real path (swapped for a link since it was checked) is not counted: the walk will refuse it.
/// </summary>
internal static class FolderCount
{
    /// <summary>The count, capped; null when the folder cannot be listed or is not its own real path now.</summary>
    /// <returns>The files found, up to <paramref name="cap"/>, and whether the count stopped there.</returns>
    public static (int Files, bool Capped)? Count(string folder, int cap, CancellationToken cancellationToken)
    {
        if (!DicomLoaderOptions.IsInsideFolder(folder, folder, out var real) || !string.Equals(real, folder, StringComparison.Ordinal))
        {
            return null;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };
        var entries = new FileSystemEnumerable<bool>(folder, static (ref FileSystemEntry _) => true, options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory || IsLink(ref entry),
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => !IsLink(ref entry),
        };

        try
        {
            var files = 0;
            foreach (var _ in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (files == cap)
                {
                    return (files, true);
                }

                files++;
            }

            return (files, false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;
}
