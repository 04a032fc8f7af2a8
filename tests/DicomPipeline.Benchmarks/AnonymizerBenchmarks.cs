using BenchmarkDotNet.Attributes;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Micro-benchmarks of the Basic Profile anonymizer on one synthesized 512×512 CT file: the header work alone, and
/// the whole per-file job of <c>run --anonymize</c> (read, de-identify, write with pixel data copied stream to stream).
/// </summary>
[MemoryDiagnoser]
public class AnonymizerBenchmarks
{
    private string _directory = string.Empty;
    private string _source = string.Empty;
    private string _target = string.Empty;
    private DicomFile _header = null!;
    private ConfidentialityProfileAnonymizer _anonymizer = null!;
    private ConfidentialityProfileAnonymizer _longitudinal = null!;

    /// <summary>Writes the file, reads its header once and makes the anonymizers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("dicompipeline-bench-").FullName;
        var result = Corpus.SynthesizeAsync(_directory, 1, 512).GetAwaiter().GetResult();
        _source = result[0];
        _target = Path.Combine(_directory, "anonymized.dcm");
        _header = DicomFile.OpenAsync(_source).GetAwaiter().GetResult();
        _anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "benchmark-secret-9f3c1a7e5b2d4068" });
        _longitudinal = new ConfidentialityProfileAnonymizer(new AnonymizationOptions
        {
            Secret = "benchmark-secret-9f3c1a7e5b2d4068",
            RetainLongitudinalModifiedDates = true,
            CleanDescriptors = true,
        });
    }

    /// <summary>Removes the files.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The profile on a header already in memory: Table E.1-1 actions, HMAC UIDs and pseudonyms.</summary>
    [Benchmark(Baseline = true)]
    public int Anonymize() => _anonymizer.Anonymize(_header).File.Dataset.Count;

    /// <summary>The same with date shifting and descriptor cleaning, the options research exports often add.</summary>
    [Benchmark]
    public int AnonymizeShiftDatesCleanDescriptors() => _longitudinal.Anonymize(_header).File.Dataset.Count;

    /// <summary>
    /// The payload step alone (issue 23) on the de-identified 512×512 CT: what a file without icons, ICC profiles, LUTs,
    /// overlays or encapsulated pixel data pays, to hold against <see cref="Anonymize"/> and <see cref="ReadAnonymizeWrite"/>.
    /// </summary>
    [Benchmark]
    public int PayloadStepAlone() => DicomPipeline.Anonymization.Payloads.PayloadCleaner.Clean(_header.Dataset, _header.TransferSyntax).Count;

    /// <summary>The per-file job: read the file, de-identify the header, write it with the pixel data copied.</summary>
    [Benchmark]
    public async Task ReadAnonymizeWrite()
    {
        var file = await DicomFile.OpenAsync(_source);
        var result = _anonymizer.Anonymize(file);
        await result.File.SaveAsync(_target);
    }
}
