using System.Diagnostics;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// <c>stages DIR [--out DIR] [--passes N]</c>: one thread through read → de-identify → write for every file of a folder,
/// and, per stage, the CPU time and the bytes allocated per file. Allocation is deterministic, so it can be compared
/// across changes on a busy machine where wall times cannot.
/// </summary>
internal static class StageRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var input = args[0];
        var output = CorpusRun.StringArg(args, "--out", Path.Combine(Path.GetTempPath(), "dicompipeline-stages"))!;
        var passes = CorpusRun.IntArg(args, "--passes", 2);
        var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "stage-benchmark-secret-0123456789abcdef" });
        for (var pass = 1; pass <= passes; pass++)
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            Directory.CreateDirectory(output);
            long readBytes = 0, anonBytes = 0, writeBytes = 0;
            var read = new Stopwatch();
            var anon = new Stopwatch();
            var write = new Stopwatch();
            var gcBefore = GC.CollectionCount(0);
            for (var i = 0; i < files.Length; i++)
            {
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                read.Start();
                var file = DicomFile.Open(files[i]);
                read.Stop();
                var a1 = GC.GetAllocatedBytesForCurrentThread();
                anon.Start();
                var result = anonymizer.Anonymize(file);
                anon.Stop();
                var a2 = GC.GetAllocatedBytesForCurrentThread();
                write.Start();
                await result.File.SaveAsync(Path.Combine(output, i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".dcm")).ConfigureAwait(false);
                write.Stop();
                var a3 = GC.GetAllocatedBytesForCurrentThread();
                readBytes += a1 - a0;
                anonBytes += a2 - a1;
                writeBytes += a3 - a2;
            }

            var n = files.Length;
            Console.WriteLine(
                $"pass {pass}: {n} files; per file: read {Us(read, n)} us {readBytes / n} B, de-identify {Us(anon, n)} us {anonBytes / n} B, " +
                $"write {Us(write, n)} us {writeBytes / n} B (allocated on this thread); gen0 GCs {GC.CollectionCount(0) - gcBefore}");
        }

        return 0;
    }

    private static string Us(Stopwatch watch, int n) => (watch.Elapsed.TotalMicroseconds / n).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
}
