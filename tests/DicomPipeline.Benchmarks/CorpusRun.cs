using System.Diagnostics;
using System.Globalization;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Times whole-folder work on one synthesized corpus, ours and the baselines, in the same run on the same machine,
/// and writes the table into docs/performance.md between markers.
/// </summary>
internal static class CorpusRun
{

    public static async Task<int> RunAsync(string[] args)
    {
        var files = IntArg(args, "--files", 1000);
        var size = IntArg(args, "--size", 512);
        var report = StringArg(args, "--report", null);
        var root = Directory.CreateTempSubdirectory("dicompipeline-corpus-").FullName;
        try
        {
            var corpus = Path.Combine(root, "corpus");
            Console.Error.WriteLine($"Synthesizing {files} files of {size}x{size} in {corpus} ...");
            var paths = await Corpus.SynthesizeAsync(corpus, files, size);
            var bytes = paths.Sum(p => new FileInfo(p).Length);
            WarmCache(paths);

            // JIT and first-use costs out of the timings: a short untimed pass of our own code.
            var warm = paths.Take(20).ToList();
            await ReadHeadersAsync(warm, 1);
            await CopyAsync(warm, corpus, Path.Combine(root, "warm"), 1);

            var rows = new List<Row>
            {
                Time("cp -r (I/O limit)", paths.Count, bytes, () => Run("cp", "-r", corpus, Path.Combine(root, "cp"))),
                await TimeAsync("DicomPipeline: read headers (all cores)", paths.Count, bytes, () => ReadHeadersAsync(paths, Environment.ProcessorCount)),
                await TimeAsync("DicomPipeline: read headers (1 core)", paths.Count, bytes, () => ReadHeadersAsync(paths, 1)),
                await TimeAsync("DicomPipeline: read + write copy (all cores)", paths.Count, bytes, () => CopyAsync(paths, corpus, Path.Combine(root, "ours"), Environment.ProcessorCount)),
                await TimeAsync("DicomPipeline: read + write copy (1 core)", paths.Count, bytes, () => CopyAsync(paths, corpus, Path.Combine(root, "ours1"), 1)),
                Time("pydicom: dcmread(stop_before_pixels) headers", paths.Count, bytes, () => Python("headers", corpus)),
                Time("pydicom: dcmread + save_as copy", paths.Count, bytes, () => Python("copy", corpus, Path.Combine(root, "py"))),
            };

            var table = Format(rows, files, size, bytes);
            Console.WriteLine(table);
            if (report is not null)
            {
                WriteReport(report, table, "core-benchmark");
                Console.Error.WriteLine($"Table written into {report}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task ReadHeadersAsync(IReadOnlyList<string> paths, int parallelism)
    {
        var options = new DicomReadOptions { StopBeforePixelData = true };
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (path, ct) =>
        {
            var file = await DicomFile.OpenAsync(path, options, ct);
            _ = file.Dataset.GetString(DicomTag.PatientID);
        });
    }

    private static async Task CopyAsync(IReadOnlyList<string> paths, string from, string to, int parallelism)
    {
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (path, ct) =>
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var file = await DicomFile.OpenAsync(path, cancellationToken: ct);
            await file.SaveAsync(target, cancellationToken: ct);
        });
    }

    private static void Python(params string[] args) =>
        Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "pydicom_core.py"), .. args]);

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Result}");
        }

        _ = output.Result;
    }

    private static void WarmCache(IReadOnlyList<string> paths)
    {
        var buffer = new byte[1 << 16];
        foreach (var path in paths)
        {
            using var stream = File.OpenRead(path);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }

    private static Row Time(string name, int count, long bytes, Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return new Row(name, count, bytes, watch.Elapsed);
    }

    private static async Task<Row> TimeAsync(string name, int count, long bytes, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return new Row(name, count, bytes, watch.Elapsed);
    }

    private static string Format(List<Row> rows, int files, int size, long bytes)
    {
        var pyHeaders = rows.Single(r => r.Name.StartsWith("pydicom: dcmread(", StringComparison.Ordinal));
        var pyCopy = rows.Single(r => r.Name.StartsWith("pydicom: dcmread +", StringComparison.Ordinal));
        var cp = rows[0];
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; ");
        sb.AppendLine(inv, $"corpus: {files} synthesized CT files, {size}x{size} 16-bit, {bytes / 1e6:F1} MB, in the page cache (read once before timing).");
        sb.AppendLine();
        sb.AppendLine("| what | seconds | files/s | MB/s | vs pydicom (same task) | vs cp -r |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            var baseline = row.Name.Contains("header", StringComparison.Ordinal) ? pyHeaders : pyCopy;
            var vsPy = row.Name.StartsWith("DicomPipeline", StringComparison.Ordinal) ? $"{baseline.Elapsed / row.Elapsed:F1}x" : "";
            var vsCp = row.Name.StartsWith("DicomPipeline", StringComparison.Ordinal) && row.Name.Contains("copy", StringComparison.Ordinal)
                ? $"{cp.Elapsed / row.Elapsed:P0} of cp throughput" : "";
            sb.AppendLine(inv, $"| {row.Name} | {row.Elapsed.TotalSeconds:F2} | {row.Count / row.Elapsed.TotalSeconds:F0} | {row.Bytes / 1e6 / row.Elapsed.TotalSeconds:F0} | {vsPy} | {vsCp} |");
        }

        return sb.ToString();
    }

    /// <summary>Replaces what stands between the markers named <paramref name="marker"/> in the report (adding them when missing).</summary>
    internal static void WriteReport(string path, string table, string marker)
    {
        var beginMarker = $"<!-- {marker}:begin -->";
        var endMarker = $"<!-- {marker}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n\n" + beginMarker + "\n" + endMarker + "\n";
        var begin = text.IndexOf(beginMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            text += "\n" + beginMarker + "\n" + endMarker + "\n";
            begin = text.IndexOf(beginMarker, StringComparison.Ordinal);
            end = text.IndexOf(endMarker, StringComparison.Ordinal);
        }

        text = text[..(begin + beginMarker.Length)] + "\n" + table + text[end..];
        File.WriteAllText(path, text);
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static string? StringArg(string[] args, string name, string? fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private sealed record Row(string Name, int Count, long Bytes, TimeSpan Elapsed);
}
