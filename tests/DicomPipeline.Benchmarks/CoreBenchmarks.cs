using BenchmarkDotNet.Attributes;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>Micro-benchmarks of the Part 10 reader and writer on one synthesized 512×512 CT file.</summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private string _directory = string.Empty;
    private string _source = string.Empty;
    private string _target = string.Empty;

    /// <summary>Writes the file the benchmarks read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("dicompipeline-bench-").FullName;
        var result = Corpus.SynthesizeAsync(_directory, 1, 512).GetAwaiter().GetResult();
        _source = result[0];
        _target = Path.Combine(_directory, "copy.dcm");
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Header only: stops before pixel data.</summary>
    [Benchmark]
    public async Task<int> ReadHeader()
    {
        var file = await DicomFile.OpenAsync(_source, new DicomReadOptions { StopBeforePixelData = true });
        return file.Dataset.Count;
    }

    /// <summary>Whole file, pixel data left in place as a region.</summary>
    [Benchmark]
    public async Task<int> ReadWhole()
    {
        var file = await DicomFile.OpenAsync(_source);
        return file.Dataset.Count;
    }

    /// <summary>Read and write again: header parsed, pixel data copied stream to stream.</summary>
    [Benchmark]
    public async Task Copy()
    {
        var file = await DicomFile.OpenAsync(_source);
        await file.SaveAsync(_target);
    }
}
