namespace DicomPipeline.Pipeline;

/// <summary>How a run's folders lie to one another: the output, audit and quarantine folders never overlap the input or each other.</summary>
internal static class RunPaths
{
    /// <summary>Whether <paramref name="candidate"/> is <paramref name="folder"/> or lies below it (ordinal, full paths).</summary>
    public static bool IsInside(string candidate, string folder) =>
        FullDirectory(candidate).StartsWith(FullDirectory(folder), StringComparison.Ordinal);

    public static bool Overlaps(string a, string b) => IsInside(a, b) || IsInside(b, a);

    private static string FullDirectory(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;
}
