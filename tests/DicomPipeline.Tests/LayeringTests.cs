using System.Text.RegularExpressions;

namespace DicomPipeline.Tests;

/// <summary>
/// Layers point one way (docs/architecture.md): each folder of the library names only the folders below it. Read from
/// the sources, since a method body's use of a type does not show in the assembly's signatures.
/// </summary>
public partial class LayeringTests
{
    /// <summary>Every folder of src/DicomPipeline (its sub-folders belong to it) and the folders it may name.</summary>
    private static readonly Dictionary<string, string[]> Layers = new(StringComparer.Ordinal)
    {
        // The DICOM core and telemetry names rest on nothing of ours.
        ["Dicom"] = [],
        ["Diagnostics"] = [],
        ["Loading"] = ["Dicom"],
        ["Csv"] = ["Dicom"],
        ["Storage"] = ["Dicom"],
        // Orthanc's own chores: the study copy runs the anonymizer; AddOrthanc extends the DI builder.
        ["Orthanc"] = ["Dicom", "Anonymization", "DependencyInjection"],

        // Clean Pixel Data: codecs above the DICOM core, text finding above them, and the anonymizer calls the redactor.
        ["Imaging"] = ["Dicom"],
        ["Redaction"] = ["Dicom", "Imaging"],
        ["Anonymization"] = ["Dicom", "Imaging", "Redaction"],
        ["Networking"] = ["Dicom"],
        // verify --pixels reads the stored frames (Imaging) with the OCR engine wrapper (Redaction), its own matching.
        ["Verification"] = ["Dicom", "Loading", "Imaging", "Redaction"],

        // The destination seam hands over StoredInstance; the Orthanc destination adapts the Orthanc client; the DIMSE
        // destination decodes compressed pixels for a peer that accepts them only uncompressed.
        ["Destinations"] = ["Dicom", "Networking", "Storage", "Orthanc", "Imaging"],

        // The pipeline composes the steps: everything above except Orthanc (a destination like any other, reached only
        // through Destinations), the gateway that runs it and the DI wiring.
        ["Pipeline"] = ["Dicom", "Diagnostics", "Loading", "Csv", "Storage", "Imaging", "Redaction", "Anonymization", "Networking", "Verification", "Destinations"],

        // The receiving gateway runs the pipeline over each stable study.
        ["Receiving"] = ["Dicom", "Diagnostics", "Networking", "Pipeline", "Csv"],

        // AddDicomPipeline wires everything.
        ["DependencyInjection"] = ["Dicom", "Diagnostics", "Loading", "Csv", "Storage", "Imaging", "Redaction", "Anonymization", "Networking", "Verification", "Destinations", "Pipeline", "Receiving"],
    };

    private static readonly string[] Folders = [.. Layers.Keys];

    public static TheoryData<string, string[]> Allowed
    {
        get
        {
            var data = new TheoryData<string, string[]>();
            foreach (var (folder, allowed) in Layers)
            {
                data.Add(folder, allowed);
            }

            return data;
        }
    }

    /// <summary>A folder added to the library has a layer here, and a folder listed here exists: none escapes the check.</summary>
    [Fact]
    public void Library_EveryFolderHasALayerAndEveryLayerAFolder()
    {
        var onDisk = Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "src", "DicomPipeline"))
            .Where(path => Path.GetFileName(path) is not ("bin" or "obj") && Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories).Any())
            .Select(path => new DirectoryInfo(path).Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        onDisk.Should().BeEquivalentTo(Layers.Keys, "every folder of src/DicomPipeline is a layer of LayeringTests, and every layer a folder");
    }

    [Fact]
    public void Layers_NameOnlyKnownFolders() =>
        Layers.Values.SelectMany(allowed => allowed).Should().OnlyContain(folder => Layers.ContainsKey(folder));

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Folder_NamesOnlyTheLayersBelowIt(string folder, string[] allowed)
    {
        var root = Path.Combine(RepositoryRoot(), "src", "DicomPipeline", folder);
        Directory.Exists(root).Should().BeTrue($"src/DicomPipeline/{folder} is a layer this test checks");

        var forbidden = Folders.Where(f => f != folder && !allowed.Contains(f)).ToArray();
        if (forbidden.Length == 0)
        {
            // The top layer may name every other: nothing to look for (an empty alternation would match any name).
            return;
        }

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
