using System.Diagnostics;
using System.Globalization;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Clean Pixel Data in one process on one thread: every file of a folder read, de-identified with
/// <see cref="AnonymizationOptions.CleanPixelData"/> and written to memory, after one warm-up file (JIT and Tesseract's
/// model load are paid once per worker in real runs). pixels/run.sh runs it under <c>taskset -c 0</c> beside the
/// Presidio-style script.
/// </summary>
/// <remarks><c>pixels --input DIR [--repeat N]</c>: prints images, seconds, images per second, images redacted, boxes blanked and held back (so a run that reads nothing shows).</remarks>
internal static class PixelsRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var input = CorpusRun.StringArg(args, "--input", null) ?? throw new ArgumentException("pixels: --input DIR is required.");
        var repeat = CorpusRun.IntArg(args, "--repeat", 1);
        var files = Directory.EnumerateFiles(input, "*.dcm").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException("pixels: the folder holds no .dcm file.");
        }

        var anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "pixel-benchmark-secret-9f3c1a7e5b2d4068", CleanPixelData = true });
        await AnonymizeAsync(anonymizer, files[0]);
        int images = 0, redacted = 0, heldBack = 0, boxes = 0;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < repeat; r++)
        {
            foreach (var file in files)
            {
                var result = await AnonymizeAsync(anonymizer, file);
                images++;
                heldBack += result.IsHeldBack ? 1 : 0;
                redacted += result.PixelCleaning?.IsRedacted == true ? 1 : 0;
                boxes += result.PixelCleaning?.BoxesBlanked ?? 0;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{images} images in {seconds:F2} s ({cpuSeconds:F2} s CPU): {images / seconds:F2} images/s, {images / cpuSeconds:F2} images/s per CPU second; {redacted} redacted, {boxes} boxes blanked, {heldBack} held back"));
        return 0;
    }

    private static async Task<AnonymizationResult> AnonymizeAsync(ConfidentialityProfileAnonymizer anonymizer, string path)
    {
        var result = anonymizer.Anonymize(DicomFile.Open(path));
        using var sink = new MemoryStream();
        await result.File.WriteAsync(sink);
        return result;
    }
}
