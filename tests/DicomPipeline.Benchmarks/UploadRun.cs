using System.Diagnostics;
using System.Globalization;
using DicomPipeline.Orthanc;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Uploads every <c>*.dcm</c> file under a folder to Orthanc with the library's <see cref="IOrthancClient"/>, a few at a
/// time (<see cref="OrthancOptions.UploadParallelism"/>), as the pipeline's upload stage does. run.sh times it against a
/// sequential curl loop over the same files.
/// </summary>
internal static class UploadRun
{
    /// <summary>
    /// <c>upload DIR URL [--parallelism N]</c>: prints "files seconds" on success; exits 1 when any file was not
    /// stored now (refused, or already there: the server is meant to be fresh).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: upload DIR URL [--parallelism N]");
            return 2;
        }

        var directory = args[0];
        var parallelism = CorpusRun.IntArg(args, "--parallelism", 4);
        var services = new ServiceCollection();
        services.AddDicomPipeline().AddOrthanc(o =>
        {
            o.BaseUrl = args[1];
            o.UploadParallelism = parallelism;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IOrthancClient>();

        var paths = Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories).ToList();
        var stored = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (path, ct) =>
        {
            var result = await client.UploadInstanceAsync(path, ct);
            if (result.Status == OrthancUploadStatus.Success)
            {
                Interlocked.Increment(ref stored);
            }
        });
        watch.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stored} {watch.Elapsed.TotalSeconds:F3}"));
        if (stored != paths.Count)
        {
            Console.Error.WriteLine($"Only {stored} of {paths.Count} files were stored now.");
            return 1;
        }

        return 0;
    }
}
