using System.CommandLine;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>delete-all-studies --orthanc URL [--yes] [--dry-run]</c>: deletes every study on the server after a confirmation
/// typed on the terminal, or with <c>--yes</c>; without a terminal and without <c>--yes</c> it refuses and deletes
/// nothing.
/// </summary>
internal static class DeleteAllStudiesCommand
{
    public static Command Create()
    {
        var orthanc = StudiesCommandShared.OrthancOption();
        var yes = new Option<bool>("--yes", "-y") { Description = "Delete without asking (needed when not on a terminal)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the studies that would be deleted; delete nothing." };
        var command = new Command("delete-all-studies", "Delete every study on an Orthanc server. Asks for confirmation on a terminal; elsewhere refuses unless --yes is given.")
        {
            orthanc, yes, dryRun,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            await using var connection = StudiesCommandShared.Connect(parseResult.GetRequiredValue(orthanc));
            var url = connection.ServerUrl;
            var chores = new OrthancStudyChores(connection.Client);
            var progress = new StudiesCommandShared.LineProgress(StudiesCommandShared.Print);

            if (parseResult.GetValue(dryRun))
            {
                var listed = await chores.DeleteAllStudiesAsync(confirm: false, dryRun: true, progress, cancellationToken);
                Console.WriteLine($"{listed.Studies.Count} studies would be deleted from {url} (dry run: nothing deleted).");
                return ExitCodes.Ok;
            }

            if (!parseResult.GetValue(yes))
            {
                if (Console.IsInputRedirected || Console.IsOutputRedirected)
                {
                    await Console.Error.WriteLineAsync("error: refusing to delete all studies without --yes when not on a terminal; nothing was deleted.");
                    return ExitCodes.UsageOrBadInput;
                }

                var count = (await connection.Client.GetStatisticsAsync(cancellationToken)).CountStudies;
                Console.Write($"Delete all {count} studies on {url}? This cannot be undone. Type 'yes' to confirm: ");
                var answer = Console.ReadLine();
                if (!string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
                {
                    await Console.Error.WriteLineAsync("Not confirmed; nothing was deleted.");
                    return ExitCodes.UsageOrBadInput;
                }
            }

            var result = await chores.DeleteAllStudiesAsync(confirm: true, dryRun: false, progress, cancellationToken);
            Console.WriteLine($"Deleted {result.Count(OrthancStudyAction.Deleted)} of {result.Studies.Count} studies from {url} ({result.FailedCount} failed).");
            return result.FailedCount == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
        }));
        return command;
    }
}
