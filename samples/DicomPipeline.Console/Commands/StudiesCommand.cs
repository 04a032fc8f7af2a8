using System.CommandLine;
using System.Globalization;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary><c>studies --orthanc URL</c>: lists the studies on an Orthanc server.</summary>
internal static class StudiesCommand
{
    public static Command Create()
    {
        var orthanc = StudiesCommandShared.OrthancOption();
        var command = new Command("studies", "List the studies on an Orthanc server: Orthanc ID, patient ID (a pseudonym, for de-identified data), date, modalities, instance count.")
        {
            orthanc,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            await using var connection = StudiesCommandShared.Connect(parseResult.GetRequiredValue(orthanc));
            var client = connection.Client;
            var count = 0;
            await foreach (var id in client.ListStudiesAsync(cancellationToken))
            {
                if (await client.GetStudyAsync(id, cancellationToken) is not { } study)
                {
                    continue; // deleted while listing
                }

                if (count++ == 0)
                {
                    Console.WriteLine($"{"Orthanc ID",-44}  {"Patient ID",-20}  {"Date",-10}  {"Modalities",-12}  {"Instances",9}  Copy");
                }

                var date = study.StudyDate is { Length: 8 } d ? $"{d[..4]}-{d[4..6]}-{d[6..]}" : study.StudyDate ?? "";
                var copy = study.IsAnonymizedByOrthanc ? "yes" : "";
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{study.Id,-44}  {study.PatientId,-20}  {date,-10}  {string.Join('/', study.Modalities),-12}  {study.InstanceCount,9}  {copy}"));
            }

            Console.WriteLine($"{count} studies on {connection.ServerUrl}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
