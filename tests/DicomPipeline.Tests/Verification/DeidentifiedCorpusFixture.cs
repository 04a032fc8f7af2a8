using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;

namespace DicomPipeline.Tests.Verification;

/// <summary>
/// The synthesized corpus (six patients: ASCII, Latin-1, UTF-8 and Japanese names) with the first patient born on
/// 1970-01-02, and its copy de-identified by the library's own pipeline. Tests copy <see cref="Output"/> before
/// changing anything in it.
/// </summary>
public sealed class DeidentifiedCorpusFixture : IAsyncLifetime
{
    public const string Secret = "verification-test-secret-9f3c1a7e5b2d4068";
    public const string BirthDate = "19700102";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-corpus-");

    public string Originals => Path.Combine(_root.FullName, "originals");

    public string Output => Path.Combine(_root.FullName, "deidentified");

    public string PlainOutput => Path.Combine(_root.FullName, "not-deidentified");

    public SynthesisResult Corpus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 6, InstancesPerSeries = 3, Rows = 16, Columns = 16 })
            .WriteAsync(Originals);
        foreach (var path in Corpus.Files.Where(f => f.Contains(Path.DirectorySeparatorChar + "p01" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = int.MaxValue });
            file.Dataset.SetString(DicomTag.PatientBirthDate, BirthDate);
            await file.SaveAsync(path);
        }

        var result = await DicomPipelineBuilder.Create().LoadFrom(Originals).Anonymize(o => o.Secret = Secret).SaveTo(Output).Build().RunAsync();
        result.Stored.Should().Be(Corpus.Files.Count);
        var plain = await DicomPipelineBuilder.Create().LoadFrom(Originals).SaveTo(PlainOutput).Build().RunAsync();
        plain.Stored.Should().Be(Corpus.Files.Count);
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A fresh copy of the de-identified output, to plant leaks in.</summary>
    public string CopyOutput(string destination)
    {
        foreach (var path in Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(Output, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }

        return destination;
    }

    /// <summary>The first original file of patient <paramref name="patient"/> (1-based), read whole.</summary>
    public async Task<DicomDataset> OriginalOfPatientAsync(int patient)
    {
        var folder = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p{patient:D2}");
        var path = Corpus.Files.First(f => f.Contains(Path.DirectorySeparatorChar + folder + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return (await DicomFile.OpenAsync(path)).Dataset;
    }
}
