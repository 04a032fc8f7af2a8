using System.CommandLine;
using DicomPipeline.Dicom;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary><c>dump FILE [--json]</c>: the file as a tree, or its dataset as DICOM JSON.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The DICOM file to show." };
        var json = new Option<bool>("--json") { Description = "Write the dataset (file meta information excluded) as DICOM JSON (PS3.18 Annex F)." };
        var command = new Command("dump", "Show a DICOM file: its file meta information and dataset as an indented tree, or the dataset as DICOM JSON.")
        {
            file,
            json,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var path = parseResult.GetRequiredValue(file).FullName;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"error: {path}: no such file");
                return ExitCodes.UsageOrBadInput;
            }

            var dicom = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
            {
                var stdout = Console.OpenStandardOutput();
                await using (stdout)
                {
                    await DicomJsonWriter.WriteAsync(stdout, dicom.Dataset, new DicomJsonWriterOptions { Indented = true }, cancellationToken);
                    await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
                }
            }
            else
            {
                DicomDumper.Write(Console.Out, dicom);
                await Console.Out.FlushAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
