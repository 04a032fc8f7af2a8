using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Combines the manifest and report parts of a sharded run (<see cref="PipelineShard"/>) into the files one run over the
/// whole input would have written: the manifest's rows in path order with the union of the clinical columns, the
/// report's counts summed, its lists joined, CSV lines without images only those no shard matched.
/// </summary>
internal static partial class ShardMerger
{
    public static async Task<ProcessingReport> MergeAsync(string outputDirectory, string? auditDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(outputDirectory))
        {
            throw new PipelineException($"The output folder '{outputDirectory}' does not exist.");
        }

        var count = FindCount(outputDirectory);
        var shards = Enumerable.Range(0, count).Select(i => new PipelineShard(i, count)).ToList();
        try
        {
            var reports = new List<ProcessingReport>();
            var manifests = new List<string>();
            foreach (var shard in shards)
            {
                var reportPath = Path.Combine(outputDirectory, PartFileName(RunRecords.ReportFileName, shard));
                var manifestPath = Path.Combine(outputDirectory, PartFileName(FolderProcessedStore.ManifestFileName, shard));
                if (!File.Exists(reportPath) || !File.Exists(manifestPath))
                {
                    throw new PipelineException(
                        $"Shard {shard.Index} of {count} has not finished: {Path.GetFileName(File.Exists(reportPath) ? manifestPath : reportPath)} is missing. "
                        + $"Run it again (run --shard {shard.Index}/{count}), then merge.");
                }

                reports.Add(await ReadReportAsync(reportPath, cancellationToken).ConfigureAwait(false));
                manifests.Add(manifestPath);
            }

            CheckSameRun(reports);
            var merged = MergeReports(reports, out var renumber);
            await CsvCells.WriteFileAsync(Path.Combine(outputDirectory, FolderProcessedStore.ManifestFileName), MergeManifests(manifests), cancellationToken).ConfigureAwait(false);
            await RunRecords.WriteReportAsync(new FolderProcessedStore(), outputDirectory, merged, null, cancellationToken).ConfigureAwait(false);
            if (auditDirectory is not null)
            {
                await MergeAuditAsync(auditDirectory, shards, renumber, cancellationToken).ConfigureAwait(false);
            }

            foreach (var shard in shards)
            {
                File.Delete(Path.Combine(outputDirectory, PartFileName(RunRecords.ReportFileName, shard)));
                File.Delete(Path.Combine(outputDirectory, PartFileName(FolderProcessedStore.ManifestFileName, shard)));
            }

            // Every shard has finished: what is left under a temporary name is a killed shard's, and can go.
            foreach (var partial in Directory.EnumerateFiles(outputDirectory, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories))
            {
                File.Delete(partial);
            }

            return merged;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException($"Merging the shards in '{outputDirectory}' failed: {AtomicFile.Describe(ex)}.", ex);
        }
        catch (Exception ex) when (ex is JsonException or CsvHelperException)
        {
            throw new PipelineException($"Merging the shards in '{outputDirectory}' failed: a part is not as a shard writes it ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary><c>report.json</c> → <c>report.shard-2-of-4.json</c>.</summary>
    private static string PartFileName(string fileName, PipelineShard shard) => FolderProcessedStore.PartFileName(fileName, shard.PartName);

    private static int FindCount(string outputDirectory)
    {
        var counts = Directory.EnumerateFiles(outputDirectory)
            .Select(p => PartPattern().Match(Path.GetFileName(p)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToList();
        return counts.Count switch
        {
            0 => throw new PipelineException(
                $"No shard parts in '{outputDirectory}': run the shards first (run --shard INDEX/COUNT), or they were merged already."),
            1 => counts[0],
            _ => throw new PipelineException(
                $"The parts in '{outputDirectory}' come from splits of different sizes ({string.Join(" and ", counts.Select(c => "of " + c.ToString(CultureInfo.InvariantCulture)))}): "
                + "remove the parts of the split you do not want, then merge."),
        };
    }

    private static async Task<ProcessingReport> ReadReportAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.ProcessingReport, cancellationToken).ConfigureAwait(false)
                ?? throw new PipelineException($"{Path.GetFileName(path)} is empty.");
        }
    }

    private static void CheckSameRun(List<ProcessingReport> reports)
    {
        var first = reports[0];
        foreach (var other in reports.Skip(1))
        {
            if (other.Anonymized != first.Anonymized || other.Verified != first.Verified
                || !string.Equals(other.ProfileEdition, first.ProfileEdition, StringComparison.Ordinal)
                || !other.Options.SequenceEqual(first.Options, StringComparer.Ordinal)
                || !other.Destinations.Select(d => d.Destination).SequenceEqual(first.Destinations.Select(d => d.Destination), StringComparer.Ordinal))
            {
                throw new PipelineException(
                    "The shards ran with different settings (de-identification, options, verification or destinations): run every shard with the same command.");
            }
        }
    }

    /// <summary>One report for all parts.</summary>
    /// <param name="reports">The parts, in shard order.</param>
    /// <param name="renumber">For a de-identified run: the offset of each shard's "input file #N" numbers in the merged list.</param>
    private static ProcessingReport MergeReports(List<ProcessingReport> reports, out int[] renumber)
    {
        var first = reports[0];
        renumber = new int[reports.Count];
        IEnumerable<ReportedFile> notStored;
        if (first.Anonymized)
        {
            // The parts number their files (their paths may name patients); the merged list numbers them on, shard by shard.
            var list = new List<ReportedFile>();
            for (var i = 0; i < reports.Count; i++)
            {
                var offset = renumber[i] = list.Count;
                list.AddRange([.. reports[i].NotStored.Select((f, k) => f with { Path = FormattableString.Invariant($"input file #{offset + k + 1}") })]);
            }

            notStored = list;
        }
        else
        {
            notStored = reports.SelectMany(r => r.NotStored).OrderBy(f => f.Path, StringComparer.Ordinal);
        }

        var destinations = first.Destinations
            .Select((d, i) => new DestinationReport
            {
                Destination = d.Destination,
                Sent = reports.Sum(r => r.Destinations[i].Sent),
                AlreadyPresent = reports.Sum(r => r.Destinations[i].AlreadyPresent),
                Refused = reports.Sum(r => r.Destinations[i].Refused),
                NotSent = reports.Sum(r => r.Destinations[i].NotSent),
                Warnings = reports.Sum(r => r.Destinations[i].Warnings),
                Error = reports.Select(r => r.Destinations[i].Error).FirstOrDefault(e => e is not null),
                Instances = [.. reports.SelectMany(r => r.Destinations[i].Instances).OrderBy(o => o.SopInstanceUid, StringComparer.Ordinal).Take(DestinationTally.ListedLimit)],
            })
            .ToList();

        return first with
        {
            StartedAt = reports.Min(r => r.StartedAt),
            FinishedAt = reports.Max(r => r.FinishedAt),
            FilesFound = reports.Sum(r => r.FilesFound),
            Stored = reports.Sum(r => r.Stored),
            Skipped = reports.Sum(r => r.Skipped),
            NotDicom = reports.Sum(r => r.NotDicom),
            NotAnInstance = reports.Sum(r => r.NotAnInstance),
            HeldBack = reports.Sum(r => r.HeldBack),
            Quarantined = reports.Sum(r => r.Quarantined),
            Failed = reports.Sum(r => r.Failed),
            ImagesScanned = reports.Sum(r => r.ImagesScanned),
            ImagesRedacted = reports.Sum(r => r.ImagesRedacted),
            PixelBoxesBlanked = reports.Sum(r => r.PixelBoxesBlanked),
            Destinations = destinations,

            // A CSV line has images when any shard matched it.
            CsvLinesWithoutImages = [.. reports.Skip(1).Aggregate(
                (IEnumerable<int>)first.CsvLinesWithoutImages, (lines, r) => lines.Intersect(r.CsvLinesWithoutImages)).Order()],
            NotStored = [.. notStored],
            Swept =
            [
                .. reports.SelectMany(r => r.Swept).GroupBy(c => (c.Path, c.Reason))
                    .Select(g => new SweptValueCount(g.Key.Path, g.Key.Reason, g.Sum(c => c.Count)))
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Reason, StringComparer.Ordinal),
            ],
        };
    }

    /// <summary>
    /// The merged manifest, row by row: each part is in path order (the store writes it so), so the parts are merged as
    /// they are read, never held whole; a part out of order was not written by a shard and stops the merge.
    /// </summary>
    private static IEnumerable<IEnumerable<string>> MergeManifests(List<string> parts)
    {
        // The fixed columns come first in every part; the clinical ones after, in the order they first appear.
        const int Fixed = 5;
        var headers = parts.Select(p => ReadRows(p).First()).ToList();
        var extras = headers.SelectMany(h => h.Skip(Fixed)).Distinct(StringComparer.Ordinal).ToList();
        var positions = headers.Select(h => extras.Select(c => Array.IndexOf(h, c, Fixed)).ToArray()).ToList();
        yield return [.. headers[0].Take(Fixed), .. extras];

        var rows = SortedMerge.Merge(
            [.. parts.Select((path, i) => ReadRows(path).Skip(1).Select(row => (Row: row, Part: i)))],
            Comparer<(string[] Row, int Part)>.Create((a, b) => string.CompareOrdinal(a.Row[0], b.Row[0])),
            part => throw new PipelineException($"{Path.GetFileName(parts[part])} is not in path order: a part is not as a shard writes it."));
        foreach (var (row, part) in rows)
        {
            yield return [.. row.Take(Fixed), .. positions[part].Select(p => p >= 0 && p < row.Length ? row[p] : string.Empty)];
        }
    }

    private static async Task MergeAuditAsync(string auditDirectory, List<PipelineShard> shards, int[] renumber, CancellationToken cancellationToken)
    {
        var parts = shards
            .Select(shard => (
                Audit: Path.Combine(auditDirectory, PartFileName(RunRecords.AuditFileName, shard)),
                NotStored: Path.Combine(auditDirectory, PartFileName(RunRecords.NotStoredFileName, shard))))
            .ToList();
        var missing = parts.FindIndex(p => !File.Exists(p.Audit) || !File.Exists(p.NotStored));
        if (missing >= 0)
        {
            throw new PipelineException(
                $"Shard {shards[missing].Index} of {shards.Count} left no audit part in the audit folder: run every shard with the same --audit-dir, then merge.");
        }

        // Streamed part after part: the first part's header, then every part's rows; the not-stored list numbers on.
        var audit = parts.SelectMany((p, i) => ReadRows(p.Audit).Skip(i == 0 ? 0 : 1));
        var notStored = parts.SelectMany((p, i) => ReadRows(p.NotStored).Select((row, k) => k == 0
            ? row
            : [(int.Parse(row[0], CultureInfo.InvariantCulture) + renumber[i]).ToString(CultureInfo.InvariantCulture), .. row.Skip(1)])
            .Skip(i == 0 ? 0 : 1));
        await CsvCells.WriteFileAsync(Path.Combine(auditDirectory, RunRecords.AuditFileName), audit, cancellationToken).ConfigureAwait(false);
        await CsvCells.WriteFileAsync(Path.Combine(auditDirectory, RunRecords.NotStoredFileName), notStored, cancellationToken).ConfigureAwait(false);
        foreach (var (auditPart, notStoredPart) in parts)
        {
            File.Delete(auditPart);
            File.Delete(notStoredPart);
        }
    }

    /// <summary>
    /// The records of a CSV the pipeline wrote, read one at a time, the header first; cells as written (already
    /// defused, so writing them again changes nothing).
    /// </summary>
    private static IEnumerable<string[]> ReadRows(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var any = false;
        while (parser.Read())
        {
            any = true;
            yield return parser.Record ?? [];
        }

        if (!any)
        {
            throw new PipelineException($"{Path.GetFileName(path)} is empty.");
        }
    }

    [GeneratedRegex(@"^(manifest|report)\.shard-(?<index>\d+)-of-(?<count>\d+)\.(csv|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
