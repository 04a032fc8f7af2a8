using System.CommandLine;
using DicomPipeline.Anonymization;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>anonymize-all-studies --orthanc URL</c>: makes a de-identified copy of every study on the server that has none,
/// with the library's anonymizer and the secret from <c>DicomPipeline__Anonymization__Secret</c>.
/// </summary>
internal static class AnonymizeAllStudiesCommand
{
    public static Command Create()
    {
        var orthanc = StudiesCommandShared.OrthancOption();
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many instances are copied at the same time.",
            DefaultValueFactory = _ => new OrthancOptions().UploadParallelism,
        };
        var command = new Command(
            "anonymize-all-studies",
            $"Make a de-identified copy of every study on an Orthanc server that is not a copy and has none yet, with the same pseudonyms as 'run' (secret from {AnonymizationOptions.SecretEnvironmentVariable}). Running it again makes nothing new.")
        {
            orthanc, parallel,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var options = new AnonymizationOptions { Secret = Environment.GetEnvironmentVariable(AnonymizationOptions.SecretEnvironmentVariable) };
            await using var connection = StudiesCommandShared.Connect(parseResult.GetRequiredValue(orthanc));
            var chores = new OrthancStudyChores(connection.Client, parseResult.GetValue(parallel));

            var result = await chores.AnonymizeAllStudiesAsync(options, new StudiesCommandShared.LineProgress(StudiesCommandShared.Print), cancellationToken);

            Console.WriteLine(
                $"{result.Studies.Count} studies: {result.Count(OrthancStudyAction.Copied)} copied, " +
                $"{result.Count(OrthancStudyAction.AlreadyCopied)} already had a copy, {result.Count(OrthancStudyAction.IsCopy)} are copies, " +
                $"{result.FailedCount} failed.");
            return result.FailedCount == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
        }));
        return command;
    }
}
