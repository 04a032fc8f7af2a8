using System.Text.RegularExpressions;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>
/// dciodvfy (Debian's dicom3tools), which checks a file against its IOD: the error lines it prints, with values taken
/// out so that an input's error and the same error on its de-identified output compare equal.
/// </summary>
internal static partial class Dciodvfy
{
    /// <summary>Runs dciodvfy on <paramref name="path"/> and returns its normalised error lines, without duplicates.</summary>
    public static async Task<IReadOnlySet<string>> ErrorsAsync(string path)
    {
        var result = await ProcessRunner.RunAsync(DcmtkTools.Find("dciodvfy", "dicom3tools"), [path]);
        return (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("Error - ", StringComparison.Ordinal))
            .Select(Normalise)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Drops what a value contributes to a line, so that it names the attribute and the rule, not the (remapped or
    /// identifying) value: "= &lt;value&gt;" and a quoted UID ("has same value as StudyInstanceUID &lt;1.2.3&gt;") become
    /// "&lt;&gt;"; attribute and module names in angle brackets stay.
    /// </summary>
    public static string Normalise(string line) =>
        BareUid().Replace(QuotedUid().Replace(QuotedValue().Replace(line, "= <>"), "<>"), "<>").Trim();

    [GeneratedRegex(@"= <[^>]*>")]
    private static partial Regex QuotedValue();

    [GeneratedRegex(@"<[0-9.]+>")]
    private static partial Regex QuotedUid();

    // "... but have IMAGE ReferencedSOPInstanceUID 1.2.3": a UID written after its name, which de-identification remaps.
    [GeneratedRegex(@"(?<=UID )[0-9][0-9.]*")]
    private static partial Regex BareUid();
}
