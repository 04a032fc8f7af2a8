using DicomPipeline.Dicom;
using DicomPipeline.Fuzz;
using SharpFuzz;

// dotnet DicomPipeline.Fuzz.dll                 libFuzzer mode (run under libfuzzer-dotnet)
// dotnet DicomPipeline.Fuzz.dll --afl           AFL mode (run under afl-fuzz; the input arrives on stdin)
// dotnet DicomPipeline.Fuzz.dll --seed-corpus DIR   writes the seed corpus from the synthesizer
// dotnet DicomPipeline.Fuzz.dll --repro FILE…   runs inputs once each, without instrumentation, and prints the outcome
switch (args)
{
    case ["--seed-corpus", var directory]:
        var count = await SeedCorpus.WriteAsync(directory);
        Console.WriteLine($"{count} seed files in {directory}");
        return 0;
    case ["--repro", .. var files]:
        var crashes = 0;
        foreach (var file in files)
        {
            var outcome = ReaderTarget.Describe(File.ReadAllBytes(file));
            crashes += outcome.StartsWith("CRASH", StringComparison.Ordinal) ? 1 : 0;
            Console.WriteLine($"{file}: {outcome}");
        }

        return crashes == 0 ? 0 : 1;
    case ["--afl"]:
        // Out of process: a crash or a hang kills only the child, and AFL sees it.
        Fuzzer.OutOfProcess.Run(ReaderTarget.Run);
        return 0;
    case []:
        Fuzzer.LibFuzzer.Run(ReaderTarget.Run);
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: DicomPipeline.Fuzz [--afl | --seed-corpus DIR | --repro FILE…]");
        return 1;
}
