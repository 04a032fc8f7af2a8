namespace DicomPipeline.Dicom;

/// <summary>
/// <see cref="Path.GetFullPath(string)"/>, skipped for a path that is already full and normal. The pipeline's paths come
/// from its own walk and store, yet each file's read and write asked .NET to normalise them again, character by
/// character: about 3,000 instructions a call, two calls a file, 1 % of the work per file.
/// </summary>
internal static class FullPath
{
    /// <summary>The full, normalised form of <paramref name="path"/>: the path itself when it is one already.</summary>
    public static string Of(string path) => IsFullAndNormal(path) ? path : Path.GetFullPath(path);

    /// <summary>
    /// Whether GetFullPath would return <paramref name="path"/> unchanged: on Unix, a rooted path with no empty, "." or
    /// ".." segment. Windows normalises more (separators, device paths, trailing dots), so there every path goes through it.
    /// </summary>
    internal static bool IsFullAndNormal(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        // Segment by segment: what follows each separator must not be another separator, "." or "..".
        var rest = path.AsSpan();
        for (var at = rest.IndexOf('/'); at >= 0; at = rest.IndexOf('/'))
        {
            rest = rest[(at + 1)..];
            if (rest.IsEmpty)
            {
                return true;
            }

            if (rest[0] == '/' || (rest[0] == '.' && (rest.Length == 1 || rest[1] == '/' || (rest[1] == '.' && (rest.Length == 2 || rest[2] == '/')))))
            {
                return false;
            }
        }

        return true;
    }
}
