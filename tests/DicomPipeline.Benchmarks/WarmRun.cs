using System.Diagnostics;
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Runtime;
using System.Text;
using DicomPipeline.Pipeline;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// What a library user gets: the pipeline run again and again in one long-lived JIT process (their own program, the web
/// sample, <c>listen</c>), against the installed tool (the native build) on the same folder. The two alternate, run by
/// run, so a machine that is busy for a while slows both alike. The first library run carries the JIT's start-up cost;
/// the later ones are the steady state.
/// </summary>
/// <remarks>
/// <c>warm --input DIR --tool PATH [--runs N] [--work DIR] [--report FILE]</c>: DIR is a folder of DICOM files (run.sh's
/// vendor corpus), PATH the installed <c>dicompipeline</c>. Prints a table; with --report, writes it into that file
/// between the warm-benchmark markers.
/// </remarks>
internal static class WarmRun
{
    private const string Secret = "warm-benchmark-secret-not-for-real-data";

    public static async Task<int> RunAsync(string[] args)
    {
        var input = CorpusRun.StringArg(args, "--input", null) ?? throw new ArgumentException("warm: --input DIR is required.");
        var tool = CorpusRun.StringArg(args, "--tool", null) ?? throw new ArgumentException("warm: --tool PATH (the installed dicompipeline) is required.");
        var runs = CorpusRun.IntArg(args, "--runs", 5);
        var report = CorpusRun.StringArg(args, "--report", null);
        var work = Path.Combine(CorpusRun.StringArg(args, "--work", null) ?? Path.GetTempPath(), "dicompipeline-warm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Count();
            var library = new List<TimeSpan>();
            var native = new List<TimeSpan>();
            for (var run = 0; run < runs; run++)
            {
                // A/B in turn: library then tool on odd runs, tool then library on even ones.
                if (run % 2 == 0)
                {
                    library.Add(await LibraryAsync(input, Path.Combine(work, $"library-{run}")));
                    native.Add(Tool(tool, input, Path.Combine(work, $"tool-{run}")));
                }
                else
                {
                    native.Add(Tool(tool, input, Path.Combine(work, $"tool-{run}")));
                    library.Add(await LibraryAsync(input, Path.Combine(work, $"library-{run}")));
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: library {library[^1].TotalSeconds:F2} s, tool {native[^1].TotalSeconds:F2} s"));
            }

            var table = Format(files, library, native);
            Console.WriteLine(table);
            if (report is not null)
            {
                CorpusRun.WriteReport(report, table, "warm-benchmark");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One run of the library's pipeline in this process: load, de-identify, store, as <c>run --anonymize</c>.</summary>
    private static async Task<TimeSpan> LibraryAsync(string input, string output)
    {
        var watch = Stopwatch.StartNew();
        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(output)
            .Build()
            .RunAsync();
        var elapsed = watch.Elapsed;
        if (result.Stored == 0)
        {
            throw new InvalidOperationException("The library run stored nothing.");
        }

        Directory.Delete(output, recursive: true);
        return elapsed;
    }

    /// <summary>One run of the installed tool, a process of its own, timed from start to exit.</summary>
    private static TimeSpan Tool(string tool, string input, string output)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", "--input", input, "--anonymize", "--output", output })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DicomPipeline__Anonymization__Secret"] = Secret;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {stderr.Result}");
        }

        _ = stdout.Result;
        Directory.Delete(output, recursive: true);
        return elapsed;
    }

    /// <summary>Whether the assembly carries ReadyToRun code: its CLI header points at a native header.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string Format(int files, List<TimeSpan> library, List<TimeSpan> native)
    {
        static double Median(IEnumerable<TimeSpan> times)
        {
            var sorted = times.Select(t => t.TotalSeconds).Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var inv = CultureInfo.InvariantCulture;
        var first = library[0].TotalSeconds;
        var warm = Median(library.Skip(1));
        var tool = Median(native);
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version};");
        sb.AppendLine(inv, $"{files} files, {library.Count} runs of each, alternating; library process: {(GCSettings.IsServerGC ? "server" : "workstation")} GC, ");
        sb.AppendLine(inv, $"TieredCompilation={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default"}, TieredPGO={Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default"}, ReadyToRun={Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") ?? "default"}; ");
        sb.AppendLine(inv, $"DicomPipeline.dll loaded {(IsReadyToRun(typeof(DicomPipelineBuilder).Assembly.Location) ? "precompiled (ReadyToRun)" : "as IL only (JIT)")}.");
        sb.AppendLine();
        sb.AppendLine("| what | seconds | ms per file | files/s | vs installed tool |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        void Row(string name, double seconds) =>
            sb.AppendLine(inv, $"| {name} | {seconds:F2} | {seconds * 1000 / files:F3} | {files / seconds:F0} | {seconds / tool:F2}x the time |");
        Row("installed tool (native), median of its runs", tool);
        Row("library, first run in the process (JIT start-up included)", first);
        Row($"library, runs 2-{library.Count} in the same process, median", warm);
        sb.AppendLine();
        sb.AppendLine(inv, $"First run's extra cost over the warm runs: {(first - warm) * 1000:F0} ms ({(first - warm) * 1000 / files:F3} ms per file of this run).");
        return sb.ToString();
    }
}
