using System.Diagnostics;
using System.Globalization;
using DicomPipeline.Dicom;
using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using DicomPipeline.Storage;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Sends every <c>*.dcm</c> file under a folder to one destination through <see cref="IDicomDestination"/>, called as the
/// pipeline's send stage calls it: batches of <c>--batch</c> instances (16), <c>--in-flight</c> batches at once (2).
/// send.sh times Orthanc's REST API (<c>orthanc+http://</c>, 4 uploads at a time, as <c>--orthanc</c>) against STOW-RS to
/// its DICOMweb plugin on the same files.
/// </summary>
internal static class SendRun
{
    /// <summary>
    /// <c>send DIR URI [--parallelism N] [--batch-size N] [--batch N] [--in-flight N] [--tls-trusted PEM --tls-certificate PEM
    /// --tls-key PEM]</c> (the TLS files for <c>dicom+tls://</c>): prints "instances seconds";
    /// exits 1 when any instance was not sent now (the server is meant to be fresh). The headers are read before the clock starts.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: send DIR URI [--parallelism N] [--batch-size N] [--batch N] [--in-flight N]");
            return 2;
        }

        var options = new DestinationOptions
        {
            Uri = args[1],
            TlsTrustedCertificates = CorpusRun.StringArg(args, "--tls-trusted", null),
            TlsClientCertificate = CorpusRun.StringArg(args, "--tls-certificate", null),
            TlsClientKey = CorpusRun.StringArg(args, "--tls-key", null),
        };
        if (Array.IndexOf(args, "--parallelism") >= 0)
        {
            options.Parallelism = CorpusRun.IntArg(args, "--parallelism", DestinationOptions.DefaultHttpParallelism);
        }

        options.BatchSize = CorpusRun.IntArg(args, "--batch-size", options.BatchSize);
        var batch = CorpusRun.IntArg(args, "--batch", PipelineRequest.DefaultSendBatchSize);
        var inFlight = CorpusRun.IntArg(args, "--in-flight", PipelineRequest.DefaultSendParallelism);
        var instances = new List<StoredInstance>();
        foreach (var path in Directory.EnumerateFiles(args[0], "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var data = (await DicomFile.OpenAsync(path, new DicomReadOptions { StopBeforePixelData = true })).Dataset;
            instances.Add(new StoredInstance(
                Path.GetRelativePath(args[0], path), path, data.GetString(DicomTag.PatientID) ?? string.Empty, data.GetString(DicomTag.StudyInstanceUID)!,
                data.GetString(DicomTag.SeriesInstanceUID)!, data.GetString(DicomTag.SOPInstanceUID)!, null));
        }

        var destination = new DicomDestinationFactory().Create(options);
        var sent = 0;
        string? reason = null;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(instances.Chunk(batch), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (chunk, ct) =>
        {
            foreach (var outcome in await destination.SendAsync(chunk, ct))
            {
                if (outcome.Kind == DestinationOutcomeKind.Sent)
                {
                    Interlocked.Increment(ref sent);
                }
                else
                {
                    reason ??= outcome.Kind + ": " + outcome.Reason;
                }
            }
        });
        watch.Stop();
        (destination as IDisposable)?.Dispose();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sent} {watch.Elapsed.TotalSeconds:F3}"));
        if (sent != instances.Count)
        {
            Console.Error.WriteLine($"Only {sent} of {instances.Count} instances were sent now ({reason}).");
            return 1;
        }

        return 0;
    }
}
