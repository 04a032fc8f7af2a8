using DicomPipeline.Dicom;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A small synthetic corpus written by our writer in each uncompressed transfer syntax, made once for all DCMTK tests
/// and deleted afterwards. Four patients cover every character set the synthesizer uses (UTF-8 with a Japanese name,
/// Latin-1, ASCII); two series of two images cover the references between images.
/// </summary>
public sealed class SynthesizedCorpusFixture : IAsyncLifetime
{
    /// <summary>The transfer syntaxes by the names the tests use.</summary>
    public static IReadOnlyDictionary<string, DicomTransferSyntax> Syntaxes { get; } = new Dictionary<string, DicomTransferSyntax>(StringComparer.Ordinal)
    {
        ["explicit"] = DicomTransferSyntax.ExplicitVRLittleEndian,
        ["implicit"] = DicomTransferSyntax.ImplicitVRLittleEndian,
        ["bigendian"] = DicomTransferSyntax.ExplicitVRBigEndian,
        ["deflated"] = DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    };

    private readonly Dictionary<string, SynthesisResult> _corpora = new(StringComparer.Ordinal);

    /// <summary>A fresh folder under the system's temporary folder, removed when the tests end.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dicompipeline-it-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The options every corpus is made with, save the transfer syntax.</summary>
    public static SynthesisOptions Options(DicomTransferSyntax syntax) => new()
    {
        Patients = 4,
        StudiesPerPatient = 1,
        SeriesPerStudy = 2,
        InstancesPerSeries = 2,
        Rows = 16,
        Columns = 12,
        TransferSyntax = syntax,
        Seed = 20240131,
    };

    /// <summary>The corpus written in the transfer syntax called <paramref name="name"/> (see <see cref="Syntaxes"/>).</summary>
    public SynthesisResult Corpus(string name) => _corpora[name];

    /// <summary>
    /// The datasets of the corpus called <paramref name="name"/> as the synthesizer made them in memory, in the order of
    /// <see cref="SynthesisResult.Files"/>: what was written, independent of our reader.
    /// </summary>
    public static List<DicomDataset> Originals(string name) =>
        new DicomCorpusSynthesizer(Options(Syntaxes[name])).CreateDatasets().ToList();

    /// <summary>A new empty folder under <see cref="Root"/> for a test's own files.</summary>
    public string NewFolder(string name)
    {
        var folder = Path.Combine(Root, "work", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async Task InitializeAsync()
    {
        foreach (var (name, syntax) in Syntaxes)
        {
            var synthesizer = new DicomCorpusSynthesizer(Options(syntax));
            _corpora[name] = await synthesizer.WriteAsync(Path.Combine(Root, name));
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
