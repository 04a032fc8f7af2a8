using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// The library's pipeline configured the .NET way: appsettings.json in the current folder, then environment
/// variables (<c>DicomPipeline__Anonymization__Secret</c>), then what the command line sets.
/// </summary>
internal static class PipelineHost
{
    public static ServiceProvider Create(Action<DicomPipelineOptions> commandLine)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDicomPipeline(commandLine);

        // Not ValidateOnBuild: it builds the construction plan of every registered service on each start (~5 ms of a
        // 25 ms start in the native build); the test AddDicomPipeline_EveryRegistrationCanBeBuilt checks the same
        // registrations once, in CI.
        var provider = services.BuildServiceProvider();

        // ValidateOnStart needs a host; a console program asks for the options once, which runs the validators.
        try
        {
            _ = provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            provider.Dispose();
            throw new PipelineException(string.Join(" ", ex.Failures));
        }

        return provider;
    }

    /// <summary>
    /// The destinations named on the command line, each with the settings of the configured entry
    /// (<c>DicomPipeline:Destinations:N</c>) that has the same Uri, if any; checked before anything runs.
    /// </summary>
    /// <exception cref="ArgumentException">A URI or its settings are not valid (one line, no password).</exception>
    public static IReadOnlyList<IDicomDestination> CreateDestinations(IServiceProvider provider, IReadOnlyList<string> uris)
    {
        if (uris.Count == 0)
        {
            return [];
        }

        // Bound from DicomPipeline:Destinations and checked by AddDicomPipeline, with the rest of the options.
        var configured = provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Destinations;
        var factory = new DicomDestinationFactory();
        var destinations = new List<IDicomDestination>();
        try
        {
            foreach (var uri in uris)
            {
                var options = configured.FirstOrDefault(c => string.Equals(c.Uri, uri, StringComparison.Ordinal)) ?? new DestinationOptions { Uri = uri };
                destinations.Add(factory.Create(options));
            }
        }
        catch
        {
            foreach (var made in destinations)
            {
                made.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        return destinations;
    }

    /// <summary>
    /// Prints the one-screen summary and returns the exit code: 0 when every DICOM instance found was stored (files that
    /// are not DICOM and DICOMDIRs are counted, not failures), 2 when a DICOM file failed, was skipped or held back, or
    /// did not reach a destination.
    /// </summary>
    /// <param name="result">The run's result.</param>
    /// <param name="auditDirectory">The run's audit folder, where a de-identified run's summary says the paths of the files not stored are.</param>
    /// <param name="shard">The shard the run processed, if any.</param>
    public static int Summarize(PipelineResult result, string? auditDirectory, PipelineShard? shard)
    {
        var quarantined = result.Report.Quarantined > 0 ? $", {result.Report.Quarantined} quarantined by verify" : string.Empty;
        Console.WriteLine($"Found {result.FilesFound} files: {result.Stored} stored, {result.Skipped} skipped, {result.HeldBack} held back{quarantined}, {result.Failed} failed ({result.Elapsed.TotalSeconds:F1} s).");
        if (result.Report.NotDicom + result.Report.NotAnInstance > 0)
        {
            // Exports carry READMEs, DICOMDIRs and thumbnails: said once, listed in report.json, and not a failure (exit 0).
            Console.WriteLine($"Not DICOM: {result.Report.NotDicom} files; not an instance (DICOMDIR): {result.Report.NotAnInstance}. Not failures; report.json lists them.");
        }

        if (result.Report.Swept.Count > 0)
        {
            var byReason = result.Report.Swept.GroupBy(c => c.Reason).Select(g => $"{g.Sum(c => c.Count)} {g.Key}").OrderDescending(StringComparer.Ordinal);
            Console.WriteLine($"Sweep: {result.Report.Swept.Sum(c => c.Count)} kept values changed after the rules ({string.Join("; ", byReason)}); report.json lists them by tag.");
        }

        if (result.Report.ImagesScanned > 0)
        {
            Console.WriteLine($"Clean Pixel Data: {result.Report.ImagesScanned} images scanned, {result.Report.ImagesRedacted} redacted, {result.Report.PixelBoxesBlanked} boxes blanked.");
        }

        Console.WriteLine($"Output: {result.OutputDirectory} (manifest.csv, report.json)");
        foreach (var sent in result.Report.Destinations)
        {
            Console.WriteLine($"{sent.Destination}: {sent.Sent} sent, {sent.AlreadyPresent} already there, {sent.Refused} refused, {sent.NotSent} not sent.");
            if (sent.Error is not null)
            {
                Console.Error.WriteLine($"error: {sent.Destination}: {sent.Error} Running the same command again sends exactly what was not sent.");
            }

            // Warning statuses (B000H, B006H, B007H...) mean stored, but changed or doubted by the peer: say so here, not only in report.json.
            if (sent.Warnings > 0 && sent.Instances.FirstOrDefault(i => i.Kind is DicomPipeline.Destinations.DestinationOutcomeKind.Sent or DicomPipeline.Destinations.DestinationOutcomeKind.AlreadyPresent && i.Reason is not null)?.Reason is { } warning)
            {
                Console.Error.WriteLine($"warning: {sent.Destination}: {sent.Warnings} instance(s) stored with a warning, first: {warning}");
            }

            // A refusal is the peer's answer about the data: running again would be refused again, so no hint.
            if (sent.Refused > 0 && sent.Instances.FirstOrDefault(i => i.Kind == DicomPipeline.Destinations.DestinationOutcomeKind.Refused)?.Reason is { } refusal)
            {
                Console.Error.WriteLine($"error: {sent.Destination}: {sent.Refused} refused, first: {refusal}");
            }
        }

        foreach (var line in NotStoredLines.For(result.Report, auditDirectory, shard))
        {
            Console.WriteLine(line);
        }

        return result.IsComplete ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }
}
