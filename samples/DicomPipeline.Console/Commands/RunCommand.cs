using System.CommandLine;
using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>
/// <c>run --input DIR [--anonymize] [--output DIR] [--audit-dir DIR] [--option NAME]…</c>: the pipeline on a folder.
/// </summary>
internal static class RunCommand
{
    /// <summary>Not one of the PS3.15 options, but turned on the same way.</summary>
    private const string AllowBurnedInAnnotation = "allow-burned-in-annotation";

    /// <summary>The <c>--option</c> values: the library's profile option names in kebab case, then <see cref="AllowBurnedInAnnotation"/>.</summary>
    private static readonly string[] OptionNames = [.. AnonymizationOptions.ProfileOptionNames.Select(KebabCase), AllowBurnedInAnnotation];

    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i == 0 ? string.Empty : "-") + char.ToLowerInvariant(c) : c.ToString()));

    public static Command Create()
    {
        var input = new Option<DirectoryInfo>("--input", "-i") { Description = "The folder of DICOM files to process (read recursively, never written).", Required = true };
        var anonymize = new Option<bool>("--anonymize", "-a") { Description = "De-identify with the PS3.15 Basic Profile (needs DicomPipeline__Anonymization__Secret)." };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "The output folder (default: DicomPipeline:Output:Directory, else ./output)." };
        var audit = new Option<DirectoryInfo?>("--audit-dir") { Description = "A separate folder for the original → pseudonym map." };
        var option = new Option<string[]>("--option")
        {
            Description = "A profile option, repeatable: " + string.Join(", ", OptionNames) + ".",
            AllowMultipleArgumentsPerToken = false,
        };
        var pixelText = new Option<string?>("--pixel-text")
        {
            Description = "With --option clean-pixel-data: identifiers (default: blank the text lines holding the instance's identifiers) or all (blank every text line OCR finds, for US, SC, XC, OT, ES).",
        };
        var policy = new Option<string?>("--policy") { Description = "basic (default: the profile and the safe-by-default layer) or strict (only the published keep-list survives)." };
        var rules = new Option<FileInfo?>("--rules") { Description = "A JSON file of per-site anonymization rules, applied on top of the profile and the policy." };
        var csv = new Option<FileInfo?>("--csv") { Description = "A clinical CSV to join (header row; key column matched against the original data)." };
        var csvKey = new Option<string?>("--csv-key") { Description = $"The CSV's key column (default {CsvMergeOptions.DefaultKeyColumn})." };
        var matchAttribute = new Option<string?>("--match-attribute") { Description = $"The DICOM keyword the key is matched against (default {CsvMergeOptions.DefaultMatchAttribute})." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Process one part of the folder, INDEX/COUNT (e.g. 0/4, as Kubernetes' JOB_COMPLETION_INDEX): the studies that hash to it. "
                + "Shards share the output folder; run merge-shards when all have finished.",
        };
        var verify = new Option<bool>("--verify")
        {
            Description = "Check each stored file for identifying data left (against its original) before anything is sent: a file with a finding is moved to the quarantine folder, not sent, and the run exits 3.",
        };
        var quarantine = new Option<DirectoryInfo?>("--quarantine") { Description = "Where --verify moves files with findings (default: beside the output, OUTPUT-quarantine)." };
        var destination = new Option<string[]>("--destination")
        {
            Description = "Send every stored instance here, repeatable, instead of the DicomPipeline:Destinations entries (sent to when no --destination is given): dicom://CALLED_AE@host:port (C-STORE), dicomweb+http(s)://host/root (STOW-RS) "
                + "or orthanc+http(s)://host:port. Credentials and settings come from the configured entry with the same Uri, if any.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("run", "Load a folder, de-identify (with --anonymize), and keep the processed files with manifest.csv and report.json.")
        {
            input, anonymize, output, audit, option, pixelText, policy, rules, csv, csvKey, matchAttribute, verify, quarantine, destination, shard,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var part = parseResult.GetValue(shard) is { } shardText ? ParseShard(shardText) : null;
            var names = parseResult.GetValue(option) ?? [];
            var unknown = names.Where(n => !OptionNames.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"Unknown --option {string.Join(", ", unknown)}; known: {string.Join(", ", OptionNames)}.");
            }

            var blankAllText = parseResult.GetValue(pixelText) switch
            {
                null or "identifiers" => false,
                "all" => true,
                var other => throw new ArgumentException($"Unknown --pixel-text {other}; known: identifiers, all."),
            };
            var policyName = parseResult.GetValue(policy);
            AnonymizationPolicy? chosenPolicy = null;
            if (policyName is not null)
            {
                chosenPolicy = Enum.TryParse<AnonymizationPolicy>(policyName, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new ArgumentException($"Unknown --policy {policyName}; known: basic, strict.");
            }

            var siteRules = parseResult.GetValue(rules) is { } rulesFile
                ? await AnonymizationRule.ReadJsonAsync(rulesFile.FullName, cancellationToken)
                : [];
            var outputOverride = parseResult.GetValue(output)?.FullName;
            var auditOverride = parseResult.GetValue(audit)?.FullName;
            var anonymizing = parseResult.GetValue(anonymize);
            using var provider = PipelineHost.Create(o =>
            {
                // A run without --anonymize needs no secret; with it, a missing secret stops the run before it starts.
                o.RequireSecret = anonymizing;
                foreach (var name in names)
                {
                    if (string.Equals(name, AllowBurnedInAnnotation, StringComparison.OrdinalIgnoreCase))
                    {
                        o.Anonymization.AllowBurnedInAnnotation = true;
                    }
                    else
                    {
                        o.Anonymization.TryEnableProfileOption(name);
                    }
                }

                o.Anonymization.BlankAllPixelText |= blankAllText;
                o.Anonymization.Policy = chosenPolicy ?? o.Anonymization.Policy;
                foreach (var rule in siteRules)
                {
                    o.Anonymization.Rules.Add(rule);
                }

                o.Output.Directory = outputOverride ?? o.Output.Directory;
                o.Output.AuditDirectory = auditOverride ?? o.Output.AuditDirectory;
            });
            var settings = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DicomPipelineOptions>>().Value;

            // --destination names where this run sends instead of DicomPipeline:Destinations; without it, the configured ones.
            var named = parseResult.GetValue(destination) ?? [];
            var destinations = named.Length == 0 ? null : PipelineHost.CreateDestinations(provider, named);
            var request = new PipelineRequest
            {
                InputDirectory = parseResult.GetRequiredValue(input).FullName,
                Anonymize = anonymizing,

                // The configured one or --audit-dir's, as the pipeline would take it; named here so that the summary can say where it is.
                AuditDirectory = settings.Output.AuditDirectory,
                CsvPath = parseResult.GetValue(csv)?.FullName,
                Shard = part,
                Verify = parseResult.GetValue(verify) ? true : null,
                QuarantineDirectory = parseResult.GetValue(quarantine)?.FullName,
                Destinations = destinations,
                Csv = new CsvMergeOptions
                {
                    KeyColumn = parseResult.GetValue(csvKey) ?? CsvMergeOptions.DefaultKeyColumn,
                    MatchAttribute = parseResult.GetValue(matchAttribute) ?? CsvMergeOptions.DefaultMatchAttribute,
                },
            };
            try
            {
                return await RunAsync(provider.GetRequiredService<IDicomPipeline>(), request, sends: (destinations?.Count ?? settings.Destinations.Count) > 0, cancellationToken);
            }
            finally
            {
                foreach (var sent in destinations ?? [])
                {
                    await sent.DisposeAsync();
                }
            }
        }));
        return command;
    }

    private static PipelineShard ParseShard(string text)
    {
        try
        {
            return PipelineShard.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("--shard " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Runs a request with progress on stderr and prints the summary; shared with <c>demo</c>. The summary of a
    /// de-identified run names no input file; it says the files not stored are listed in the request's audit folder.
    /// </summary>
    public static async Task<int> RunAsync(IDicomPipeline pipeline, PipelineRequest request, bool sends, CancellationToken cancellationToken)
    {
        // When sending, the bar covers both stages: each file counts once when handled and once when at every destination.
        // Its total is the library's count of the input folder, made beside the run (none for a shard, which takes an
        // unknown part of the folder, until it has read it all).
        var label = (sends ? "Processing and sending" : "Processing")
            + (request.Shard is { } s ? FormattableString.Invariant($" shard {s.Index} of {s.Count}") : string.Empty);
        var result = await ProgressDisplay.RunAsync(label, progress =>
            pipeline.RunAsync(request, progress is null ? null : new HandledCount(progress, sends ? 2 : 1), cancellationToken));
        var exitCode = PipelineHost.Summarize(result, request.AuditDirectory, request.Shard);
        if (!result.Report.Anonymized)
        {
            // Said after the run, where it is read with the summary, and only for a run that wrote something.
            Console.Error.WriteLine("warning: not de-identified (no --anonymize): the files were copied out with every identifier they hold; report.json says \"not de-identified\".");
        }

        if (result.Report.Quarantined > 0)
        {
            // Worse than a file that failed: identifying data was found in output that would otherwise have left.
            Console.Error.WriteLine(FormattableString.Invariant(
                $"verify: {result.Report.Quarantined} file(s) still held identifying data; they were moved to the quarantine folder and not sent (reasons in report.json)."));
            exitCode = ExitCodes.IdentifyingDataFound;
        }

        if (request.Shard is { } done)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"Shard {done.Index} of {done.Count}: parts written as manifest.{done.PartName}.csv and report.{done.PartName}.json; when every shard has finished, run merge-shards --output {result.OutputDirectory}"));
        }

        return exitCode;
    }

    /// <summary>Passes the handled count and the folder's total on synchronously, so the bar never goes backwards.</summary>
    private sealed class HandledCount(IProgress<ProgressDisplay.Count> files, int passes) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => files.Report(new ProgressDisplay.Count(value.Handled + value.Uploaded, value.FilesTotal * passes));
    }
}
