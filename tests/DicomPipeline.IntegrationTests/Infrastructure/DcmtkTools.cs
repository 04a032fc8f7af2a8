using System.Text;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// The DCMTK command-line tools, found on PATH. A missing tool fails the test that needs it (never a skip): CI installs
/// DCMTK in <c>.ci/run</c>, and a developer installs it with <c>apt-get install dcmtk</c>.
/// </summary>
internal static class DcmtkTools
{
    /// <summary>
    /// The dcmdump options every comparison uses: UIDs as numbers, long values printed whole, text converted to UTF-8
    /// (which also shows Specific Character Set as "ISO_IR 192"), and no automatic data correction.
    /// </summary>
    private static readonly string[] DumpOptions = ["-Un", "+L", "+U8", "-dc"];

    /// <summary>Runs dcmdump on <paramref name="path"/> with the options of <see cref="DumpOptions"/>.</summary>
    public static Task<ProcessResult> DumpAsync(string path, params string[] extraOptions) =>
        ProcessRunner.RunAsync(Find("dcmdump"), [.. DumpOptions, .. extraOptions, path], outputEncoding: Encoding.UTF8);

    /// <summary>Runs dcmconv, e.g. with "+ti" to write implicit VR little endian.</summary>
    public static Task<ProcessResult> ConvertAsync(string input, string output, params string[] options) =>
        ProcessRunner.RunAsync(Find("dcmconv"), [.. options, input, output]);

    /// <summary>Runs dump2dcm on a dump text file.</summary>
    public static Task<ProcessResult> Dump2DcmAsync(string dumpFile, string output, params string[] options) =>
        ProcessRunner.RunAsync(Find("dump2dcm"), [.. options, dumpFile, output]);

    /// <summary>The full path of <paramref name="tool"/> on PATH.</summary>
    /// <param name="tool">The program's name.</param>
    /// <param name="package">The Debian package that installs it, named in the error.</param>
    /// <exception cref="InvalidOperationException">The tool is not installed.</exception>
    public static string Find(string tool, string package = "dcmtk")
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{tool} was not found on PATH. These tests need it: install it with 'apt-get install {package}' (.ci/run does).");
    }

    /// <summary>The lines of a tool's output that report an error ("E: ..." or "F: ..." in DCMTK's logger format).</summary>
    public static IReadOnlyList<string> ErrorLines(ProcessResult result) =>
        (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("E: ", StringComparison.Ordinal) || line.StartsWith("F: ", StringComparison.Ordinal))
            .ToList();
}
