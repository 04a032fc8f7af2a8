using System.CommandLine;
using DicomPipeline.Pipeline;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>merge-shards --output DIR [--audit-dir DIR]</c>: once every <c>run --shard I/N</c> has finished, combines their
/// manifest and report parts into <c>manifest.csv</c> and <c>report.json</c>.
/// </summary>
internal static class MergeShardsCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "The output folder every shard wrote into.", Required = true };
        var audit = new Option<DirectoryInfo?>("--audit-dir") { Description = "The audit folder the shards wrote into, if they were given one." };
        var command = new Command("merge-shards", "Combine the parts written by run --shard INDEX/COUNT into manifest.csv and report.json, as one run over the whole folder writes them.")
        {
            output, audit,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var folder = parseResult.GetRequiredValue(output).FullName;
            var report = await PipelineShard.MergeAsync(folder, parseResult.GetValue(audit)?.FullName, cancellationToken);
            Console.WriteLine($"Merged: {report.FilesFound} files found, {report.Stored} stored, {report.Skipped} skipped, {report.HeldBack} held back, {report.Failed} failed.");
            Console.WriteLine($"Output: {folder} (manifest.csv, report.json)");
            return report.Skipped + report.HeldBack + report.Quarantined + report.Failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
        }));
        return command;
    }
}
