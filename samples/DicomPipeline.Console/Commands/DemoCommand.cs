using System.CommandLine;
using DicomPipeline.Dicom;
using DicomPipeline.Synthesis;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>demo [--out DIR]</c>: the main job on built-in defaults, for a first run from a fresh clone. For now the job
/// reads and rewrites every file; de-identification, the CSV join and the upload replace that step as they land.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Where the demo puts its synthetic input, relative to the current folder.</summary>
    public const string SampleFolder = "sample-data";

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "The output folder.",
            DefaultValueFactory = _ => new DirectoryInfo("output"),
        };
        var command = new Command(
            "demo",
            $"Run the job on built-in defaults: synthesize a small corpus into ./{SampleFolder}, then read and rewrite every file into the "
            + "output folder (./output by default). Reading and rewriting is a placeholder: de-identification, the CSV join and the "
            + "upload to Orthanc are not built yet.")
        {
            output,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var input = Path.GetFullPath(SampleFolder);
            var outputDirectory = parseResult.GetRequiredValue(output).FullName;
            var synthesized = await SynthCommand.SynthesizeAsync(new SynthesisOptions(), input, cancellationToken);
            Console.WriteLine($"Synthesized {synthesized.Files.Count} files for {synthesized.PatientIds.Count} patients into {input}");

            var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var (written, failed) = await ProgressDisplay.RunAsync("Rewriting", files.Count, progress =>
                RewriteAllAsync(files, input, outputDirectory, progress, parseResult.GetValue(CommandRunner.Verbose), cancellationToken));

            Console.WriteLine($"Read and rewrote {written} of {files.Count} files into {outputDirectory}" + (failed > 0 ? $"; {failed} failed (see above)" : string.Empty));
            return failed > 0 ? ExitCodes.SomeFilesFailed : ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task<(int Written, int Failed)> RewriteAllAsync(
        IReadOnlyList<string> files, string input, string output, IProgress<int> progress, bool verbose, CancellationToken cancellationToken)
    {
        int written = 0, failed = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var dicom = await DicomFile.OpenAsync(file, cancellationToken: cancellationToken);
                var target = Path.Combine(output, Path.GetRelativePath(input, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await dicom.SaveAsync(target, cancellationToken: cancellationToken);
                written++;
            }
            catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // One line per failed file; the run goes on with the others.
                CommandRunner.ReportError(ex, verbose);
                failed++;
            }

            progress.Report(written + failed);
        }

        return (written, failed);
    }
}
