using System.Text.RegularExpressions;

namespace DicomPipeline.Tests;

/// <summary>
/// Layers point one way (docs/architecture.md): each folder of the library names only the folders below it. Read from
/// the sources, since a method body's use of a type does not show in the assembly's signatures.
/// </summary>
public partial class LayeringTests
{
    private static readonly string[] Folders = ["Dicom", "Imaging", "Redaction", "Loading", "Csv", "Storage", "Orthanc", "Anonymization", "Verification", "Networking", "Destinations", "Pipeline", "Receiving"];

    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Dicom", [] },
        { "Loading", ["Dicom"] },
        { "Csv", ["Dicom"] },
        { "Storage", ["Dicom"] },
        { "Orthanc", ["Dicom"] },
        // Clean Pixel Data: codecs above the DICOM core, text finding above them, and the anonymizer calls the redactor.
        { "Imaging", ["Dicom"] },
        { "Redaction", ["Dicom", "Imaging"] },
        { "Anonymization", ["Dicom", "Imaging", "Redaction"] },
        { "Networking", ["Dicom"] },
        // verify --pixels reads the stored frames (Imaging) with the OCR engine wrapper (Redaction), its own matching.
        { "Verification", ["Dicom", "Loading", "Imaging", "Redaction"] },

        // The destination seam hands over StoredInstance; the Orthanc destination adapts the Orthanc client.
        { "Destinations", ["Dicom", "Networking", "Storage", "Orthanc"] },

        // The receiving gateway runs the pipeline over each stable study.
        { "Receiving", ["Dicom", "Networking", "Pipeline", "Csv"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Folder_NamesOnlyTheLayersBelowIt(string folder, string[] allowed)
    {
        var root = Path.Combine(RepositoryRoot(), "src", "DicomPipeline", folder);
        if (!Directory.Exists(root))
        {
            return;
        }

        var forbidden = Folders.Where(f => f != folder && !allowed.Contains(f)).ToArray();
        var names = string.Join('|', forbidden);
        var pattern = new Regex(@"DicomPipeline\.(" + names + @")\b|(?<![\w.])(" + names + @")\.[A-Z]", RegexOptions.CultureInvariant);
        var violations = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, i)))
            .Where(x => pattern.IsMatch(x.line.Replace("namespace DicomPipeline." + folder, string.Empty, StringComparison.Ordinal)))
            .Select(x => $"{Path.GetFileName(x.path)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        violations.Should().BeEmpty($"{folder}/ may use only {string.Join(", ", allowed.DefaultIfEmpty("nothing else of ours"))}");
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
