using System.CommandLine;
using DicomPipeline.Destinations;
using Microsoft.Extensions.Configuration;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>demo [--out DIR]</c>: the main job on built-in defaults, for a first run from a fresh clone: synthesize a small
/// corpus, then run the pipeline on it with de-identification into the output folder.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Where the demo puts its synthetic input, relative to the current folder.</summary>
    public const string SampleFolder = "sample-data";

    /// <summary>
    /// Used only by the demo, on synthetic data, when no secret is configured. Pseudonyms made with a published
    /// secret protect nothing: real data needs <c>DicomPipeline__Anonymization__Secret</c>.
    /// </summary>
    private const string DemoSecret = "dicompipeline-demo-secret-not-for-real-data";

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "The output folder.",
            DefaultValueFactory = _ => new DirectoryInfo("output"),
        };
        var command = new Command(
            "demo",
            $"Run the job on built-in defaults: synthesize a small corpus into ./{SampleFolder}, then de-identify it into the output folder "
            + "(./output by default) with manifest.csv and report.json, and sends it to Orthanc if one answers at DicomPipeline:Orthanc:BaseUrl "
            + "(default http://localhost:8042). Uses a demo secret unless DicomPipeline__Anonymization__Secret is set.")
        {
            output,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var input = Path.GetFullPath(SampleFolder);
            var outputDirectory = parseResult.GetRequiredValue(output).FullName;
            var synthesized = await SynthCommand.SynthesizeAsync(new SynthesisOptions(), input, cancellationToken);
            Console.WriteLine($"Synthesized {synthesized.Files.Count} files for {synthesized.PatientIds.Count} patients into {input}");

            var usedDemoSecret = false;
            using var provider = PipelineHost.Create(o =>
            {
                if (string.IsNullOrEmpty(o.Anonymization.Secret))
                {
                    o.Anonymization.Secret = DemoSecret;
                    usedDemoSecret = true;
                }
            });
            var pipeline = provider.GetRequiredService<IDicomPipeline>();
            if (usedDemoSecret)
            {
                await Console.Error.WriteLineAsync("note: using the built-in demo secret; set DicomPipeline__Anonymization__Secret for real data.");
            }

            // Orthanc is a destination like any other: the demo sends to it only when it answers.
            var baseUrl = provider.GetService<IConfiguration>()?["DicomPipeline:Orthanc:BaseUrl"] ?? "http://localhost:8042";
            var orthanc = await AnsweringOrthancAsync(baseUrl, cancellationToken);
            try
            {
                var request = new PipelineRequest
                {
                    InputDirectory = input,
                    OutputDirectory = outputDirectory,
                    Anonymize = true,
                    AuditDirectory = provider.GetRequiredService<IOptions<DicomPipelineOptions>>().Value.Output.AuditDirectory,
                    Destinations = orthanc is null ? [] : [orthanc],
                };
                return await RunCommand.RunAsync(pipeline, request, sends: orthanc is not null, cancellationToken);
            }
            finally
            {
                if (orthanc is not null)
                {
                    await orthanc.DisposeAsync();
                }
            }
        }));
        return command;
    }

    /// <summary>An Orthanc destination at <paramref name="baseUrl"/> if it answers within a couple of seconds, else null.</summary>
    private static async Task<IDicomDestination?> AnsweringOrthancAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = "orthanc+" + baseUrl });
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(TimeSpan.FromSeconds(2));
        DestinationEcho echo;
        try
        {
            echo = await destination.EchoAsync(probe.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            echo = new DestinationEcho(false, "no answer within 2 s");
        }

        if (echo.Success)
        {
            await Console.Error.WriteLineAsync($"{echo.Message} The demo sends its output there.");
            return destination;
        }

        await destination.DisposeAsync();
        await Console.Error.WriteLineAsync("note: no Orthanc answers at the configured address; the demo keeps its output locally only.");
        return null;
    }
}
