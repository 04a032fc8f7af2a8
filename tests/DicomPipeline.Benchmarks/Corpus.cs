using DicomPipeline.Testing;

namespace DicomPipeline.Benchmarks;

/// <summary>The synthesized corpus the benchmarks run on.</summary>
internal static class Corpus
{
    /// <summary>Writes about <paramref name="files"/> CT files of <paramref name="size"/>² 16-bit pixels; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> SynthesizeAsync(string directory, int files, int size)
    {
        var patients = Math.Max(1, files / 100);
        var instances = Math.Max(1, (int)Math.Ceiling(files / (double)(patients * 2)));
        var synthesizer = new DicomCorpusSynthesizer(new SynthesisOptions
        {
            Patients = patients,
            StudiesPerPatient = 1,
            SeriesPerStudy = 2,
            InstancesPerSeries = instances,
            Rows = size,
            Columns = size,
            Seed = 42,
        });
        var result = await synthesizer.WriteAsync(directory);
        return result.Files;
    }
}
