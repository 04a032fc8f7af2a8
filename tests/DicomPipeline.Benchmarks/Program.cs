using BenchmarkDotNet.Running;
using DicomPipeline.Benchmarks;

// "stages": per-stage CPU and allocation on one thread; "corpus", "memory": whole-folder figures written into
// docs/performance.md; "warm": the library run again and again in one process against the installed tool;
// "upload": run.sh's Orthanc contender; "send": send.sh's; anything else: BenchmarkDotNet.
if (args.Length > 0 && args[0] == "corpus")
{
    return await CorpusRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "corpus-from")
{
    return await VendorCorpus.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "stages")
{
    return await StageRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "instructions")
{
    return await InstructionRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "memory")
{
    return await MemoryRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "upload")
{
    return await UploadRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "send")
{
    return await SendRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "warm")
{
    return await WarmRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "pixels")
{
    return await PixelsRun.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "pipeline-child")
{
    return await MemoryRun.ChildAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
return 0;
