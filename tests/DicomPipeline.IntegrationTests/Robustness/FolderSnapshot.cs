using System.Security.Cryptography;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>A folder's files by relative path with a hash of their bytes, to prove a folder unchanged or two folders equal.</summary>
internal static class FolderSnapshot
{
    public static SortedDictionary<string, string> Take(string folder, Func<string, bool>? include = null)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, path);
            if (include is null || include(relative))
            {
                snapshot[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
            }
        }

        return snapshot;
    }
}
