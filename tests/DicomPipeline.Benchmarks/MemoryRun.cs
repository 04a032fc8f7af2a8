using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Peak memory of the whole pipeline (de-identify + store) at two corpus sizes, each run in a fresh child process so
/// the peaks do not mix: the pipeline must not grow with the number of files.
/// </summary>
internal static class MemoryRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var small = CorpusRun.IntArg(args, "--small", 1000);
        var large = CorpusRun.IntArg(args, "--large", 5000);
        var size = CorpusRun.IntArg(args, "--size", 64);
        var report = CorpusRun.StringArg(args, "--report", null);
        var root = Directory.CreateTempSubdirectory("dicompipeline-memory-").FullName;
        try
        {
            var rows = new List<(int Files, long PeakKb, double Seconds)>();
            foreach (var files in new[] { small, large })
            {
                var input = Path.Combine(root, $"in-{files}");
                Console.Error.WriteLine($"Synthesizing {files} files of {size}x{size} ...");
                await Corpus.SynthesizeAsync(input, files, size);
                var (peak, seconds) = RunChild(input, Path.Combine(root, $"out-{files}"));
                rows.Add((files, peak, seconds));
            }

            var inv = CultureInfo.InvariantCulture;
            var table = new StringBuilder();
            table.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, .NET {Environment.Version}: `run --anonymize` over synthesized {size}x{size} CT files, each size in a fresh process (peak RSS = VmHWM).");
            table.AppendLine();
            table.AppendLine("| files | peak RSS (MB) | seconds | files/s |");
            table.AppendLine("| ---: | ---: | ---: | ---: |");
            foreach (var row in rows)
            {
                table.AppendLine(inv, $"| {row.Files} | {row.PeakKb / 1024.0:F1} | {row.Seconds:F2} | {row.Files / row.Seconds:F0} |");
            }

            var ratio = rows[1].PeakKb / (double)rows[0].PeakKb;
            table.AppendLine();
            table.AppendLine(inv, $"Peak RSS at {large} files is {ratio:F2}x the peak at {small} (goal: at most 1.3x).");
            Console.WriteLine(table);
            if (report is not null)
            {
                CorpusRun.WriteReport(report, table.ToString(), "memory-benchmark");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>In the child: runs the pipeline once and prints "peakKb seconds".</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var watch = Stopwatch.StartNew();
        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(args[0])
            .Anonymize(o => o.Secret = "memory-benchmark-secret-9f3c1a7e5b2d4068")
            .SaveTo(args[1])
            .Build()
            .RunAsync();
        if (result.Stored == 0)
        {
            return 1;
        }

        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = long.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kb} {watch.Elapsed.TotalSeconds}"));
        return 0;
    }

    private static (long PeakKb, double Seconds) RunChild(string input, string output)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        var self = typeof(MemoryRun).Assembly.Location;
        if (!Environment.ProcessPath!.EndsWith("DicomPipeline.Benchmarks", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(self);
        }

        info.ArgumentList.Add("pipeline-child");
        info.ArgumentList.Add(input);
        info.ArgumentList.Add(output);
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The pipeline child exited with {process.ExitCode}.");
        }

        var parts = text.Trim().Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
