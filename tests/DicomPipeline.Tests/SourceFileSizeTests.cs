namespace DicomPipeline.Tests;

/// <summary>
/// Issue 26: no source file over 400 lines except generated tables (<c>*.Generated.cs</c>). A longer file is split along
/// a real seam: a partial class by concern, or a type of its own.
/// </summary>
public class SourceFileSizeTests
{
    private const int MaxLines = 400;

    private static readonly string[] CheckedFolders = ["src", "samples"];

    [Fact]
    public void SourcesAndSamples_NoHandWrittenFileOver400Lines()
    {
        var root = RepositoryRoot();
        var tooLong = CheckedFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.EndsWith(".Generated.cs", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Select(path => (path, lines: File.ReadLines(Path.Combine(root, path)).Count()))
            .Where(x => x.lines > MaxLines)
            .OrderBy(x => x.path, StringComparer.Ordinal)
            .Select(x => $"{x.path}: {x.lines} lines")
            .ToList();

        tooLong.Should().BeEmpty($"no hand-written file has more than {MaxLines} lines; over it: {string.Join("; ", tooLong)}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DicomPipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (DicomPipeline.sln) is not above the test binaries.");
    }
}
