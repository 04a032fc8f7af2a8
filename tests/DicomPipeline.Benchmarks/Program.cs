using BenchmarkDotNet.Running;
using DicomPipeline.Benchmarks;

// "corpus": whole-folder figures against baselines in one run (docs/performance.md); anything else: BenchmarkDotNet.
if (args.Length > 0 && args[0] == "corpus")
{
    return await CorpusRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "memory")
{
    return await MemoryRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "pipeline-child")
{
    return await MemoryRun.ChildAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
return 0;
