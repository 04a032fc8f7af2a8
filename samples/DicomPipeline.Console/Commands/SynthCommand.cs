using System.CommandLine;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary><c>synth --out DIR ...</c>: writes a synthetic corpus of patients, studies, series and images.</summary>
internal static class SynthCommand
{
    private static readonly SynthesisOptions Defaults = new();

    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write the corpus to (created when missing).", Required = true };
        var patients = NumberOption("--patients", "How many patients.", Defaults.Patients);
        var studies = NumberOption("--studies-per-patient", "How many studies each patient has.", Defaults.StudiesPerPatient);
        var series = NumberOption("--series-per-study", "How many series each study has.", Defaults.SeriesPerStudy);
        var instances = NumberOption("--instances-per-series", "How many images each series has.", Defaults.InstancesPerSeries);
        var rows = NumberOption("--rows", "Image rows.", Defaults.Rows);
        var columns = NumberOption("--columns", "Image columns.", Defaults.Columns);
        var syntax = new Option<string>("--transfer-syntax")
        {
            Description = "The transfer syntax of the files.",
            DefaultValueFactory = _ => "explicit",
        };
        syntax.AcceptOnlyFromAmong(TransferSyntaxNames.Keys.ToArray());
        var seed = NumberOption("--seed", "The seed of every random choice: the same seed gives the same corpus.", Defaults.Seed);

        var command = new Command("synth", "Write a synthetic DICOM corpus (fake patients with identifying values, CT-like images) for testing.")
        {
            output, patients, studies, series, instances, rows, columns, syntax, seed,
        };

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async () =>
        {
            var options = new SynthesisOptions
            {
                Patients = parseResult.GetValue(patients),
                StudiesPerPatient = parseResult.GetValue(studies),
                SeriesPerStudy = parseResult.GetValue(series),
                InstancesPerSeries = parseResult.GetValue(instances),
                Rows = parseResult.GetValue(rows),
                Columns = parseResult.GetValue(columns),
                TransferSyntax = TransferSyntaxNames[parseResult.GetRequiredValue(syntax)],
                Seed = parseResult.GetValue(seed),
            };
            var directory = parseResult.GetRequiredValue(output).FullName;
            var result = await SynthesizeAsync(options, directory, cancellationToken);
            Console.WriteLine($"Wrote {result.Files.Count} files for {result.PatientIds.Count} patients ({options.TransferSyntax.Name}) to {directory}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The names <c>--transfer-syntax</c> accepts.</summary>
    internal static IReadOnlyDictionary<string, DicomTransferSyntax> TransferSyntaxNames { get; } = new Dictionary<string, DicomTransferSyntax>(StringComparer.Ordinal)
    {
        ["explicit"] = DicomTransferSyntax.ExplicitVRLittleEndian,
        ["implicit"] = DicomTransferSyntax.ImplicitVRLittleEndian,
        ["bigendian"] = DicomTransferSyntax.ExplicitVRBigEndian,
        ["deflated"] = DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    };

    /// <summary>Synthesizes with a progress display on stderr.</summary>
    internal static Task<SynthesisResult> SynthesizeAsync(SynthesisOptions options, string directory, CancellationToken cancellationToken)
    {
        var synthesizer = new DicomCorpusSynthesizer(options);
        return ProgressDisplay.RunAsync("Synthesizing", synthesizer.FileCount, progress => synthesizer.WriteAsync(directory, progress, cancellationToken));
    }

    private static Option<int> NumberOption(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };
}
