using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// <c>instructions DIR --what all|deidentify [--passes N] [--files N] [--out DIR]</c>: a fixed amount of work for an
/// instruction counter (<c>valgrind --tool=callgrind</c>), which, unlike a clock, gives the same figure on a shared
/// machine. <c>all</c> reads, de-identifies and writes each file every pass; <c>deidentify</c> reads every file once
/// and then only de-identifies them every pass. Two runs that differ only in <c>--passes</c> cancel the start-up, the
/// JIT and (for <c>deidentify</c>) the reading: their difference over the files is one pass's instructions per file.
/// Run with <c>DOTNET_TieredCompilation=0</c> so code is compiled once, the same way in every run. <c>--skip-sweep</c>
/// leaves out the known-identifier sweep's walk (builds that have the switch).
/// </summary>
internal static class InstructionRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var input = args[0];
        var what = CorpusRun.StringArg(args, "--what", "all")!;
        var passes = CorpusRun.IntArg(args, "--passes", 1);
        var count = CorpusRun.IntArg(args, "--files", 100);
        var output = CorpusRun.StringArg(args, "--out", Path.Combine(Path.GetTempPath(), "dicompipeline-instructions"))!;
        var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(count).ToArray();
        var options = new AnonymizationOptions { Secret = "stage-benchmark-secret-0123456789abcdef" };
        // --skip-sweep: the same work without the sweep's walk (its needles are still collected), to split its cost.
        options.SkipKnownIdentifierSweep = args.Contains("--skip-sweep");
        var anonymizer = new ConfidentialityProfileAnonymizer(options);
        Directory.CreateDirectory(output);
        var loaded = what == "deidentify" ? files.Select(f => DicomFile.Open(f)).ToArray() : null;
        var kept = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = 0; i < files.Length; i++)
            {
                if (loaded is not null)
                {
                    kept += anonymizer.Anonymize(loaded[i]).Dataset.Count;
                    continue;
                }

                var result = anonymizer.Anonymize(DicomFile.Open(files[i]));
                await result.File.SaveAsync(Path.Combine(output, i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".dcm")).ConfigureAwait(false);
            }
        }

        Console.WriteLine($"{what}: {passes} passes over {files.Length} files ({kept} attributes kept)");
        return 0;
    }
}
