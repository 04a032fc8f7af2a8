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
            var manifests = new List<(IReadOnlyList<string> Header, List<string[]> Rows)>();
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
                manifests.Add(ReadCsv(manifestPath));
            }

            CheckSameRun(reports);
            var merged = MergeReports(reports, out var renumber);
            var manifest = MergeManifests(manifests);
            await AtomicFile.WriteAllBytesAsync(Path.Combine(outputDirectory, FolderProcessedStore.ManifestFileName), manifest, cancellationToken).ConfigureAwait(false);
            await RunRecords.WriteReportAsync(outputDirectory, merged, cancellationToken).ConfigureAwait(false);
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
                Error = reports.Select(r => r.Destinations[i].Error).FirstOrDefault(e => e is not null),
                Instances = [.. reports.SelectMany(r => r.Destinations[i].Instances)],
            })
            .ToList();

        return first with
        {
            StartedAt = reports.Min(r => r.StartedAt),
            FinishedAt = reports.Max(r => r.FinishedAt),
            FilesFound = reports.Sum(r => r.FilesFound),
            Stored = reports.Sum(r => r.Stored),
            Skipped = reports.Sum(r => r.Skipped),
            HeldBack = reports.Sum(r => r.HeldBack),
            Quarantined = reports.Sum(r => r.Quarantined),
            Failed = reports.Sum(r => r.Failed),
            Upload = first.Upload is null ? null : RunRecords.UploadSummary(destinations[0]),
            Destinations = destinations,

            // A CSV line has images when any shard matched it.
            CsvLinesWithoutImages = [.. reports.Skip(1).Aggregate(
                (IEnumerable<int>)first.CsvLinesWithoutImages, (lines, r) => lines.Intersect(r.CsvLinesWithoutImages)).Order()],
            NotStored = [.. notStored],
        };
    }

    private static byte[] MergeManifests(List<(IReadOnlyList<string> Header, List<string[]> Rows)> parts)
    {
        // The fixed columns come first in every part; the clinical ones after, in the order they first appear.
        const int Fixed = 5;
        var header = parts[0].Header.Take(Fixed).ToList();
        var extras = parts.SelectMany(p => p.Header.Skip(Fixed)).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<string[]>();
        foreach (var (partHeader, partRows) in parts)
        {
            var positions = extras.Select(c => partHeader.Skip(Fixed).ToList().IndexOf(c)).ToArray();
            rows.AddRange(partRows.Select(r => r.Take(Fixed).Concat(positions.Select(p => p >= 0 && Fixed + p < r.Length ? r[Fixed + p] : string.Empty)).ToArray()));
        }

        var text = new StringBuilder();
        CsvCells.AppendRow(text, [.. header, .. extras]);
        foreach (var row in rows.OrderBy(r => r[0], StringComparer.Ordinal))
        {
            CsvCells.AppendRow(text, row);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task MergeAuditAsync(string auditDirectory, List<PipelineShard> shards, int[] renumber, CancellationToken cancellationToken)
    {
        var audit = new StringBuilder();
        var notStored = new StringBuilder();
        for (var i = 0; i < shards.Count; i++)
        {
            var auditPart = Path.Combine(auditDirectory, PartFileName(RunRecords.AuditFileName, shards[i]));
            var notStoredPart = Path.Combine(auditDirectory, PartFileName(RunRecords.NotStoredFileName, shards[i]));
            if (!File.Exists(auditPart) || !File.Exists(notStoredPart))
            {
                throw new PipelineException(
                    $"Shard {shards[i].Index} of {shards.Count} left no audit part in the audit folder: run every shard with the same --audit-dir, then merge.");
            }

            var (auditHeader, auditRows) = ReadCsv(auditPart);
            var (filesHeader, fileRows) = ReadCsv(notStoredPart);
            if (i == 0)
            {
                CsvCells.AppendRow(audit, auditHeader);
                CsvCells.AppendRow(notStored, filesHeader);
            }

            foreach (var row in auditRows)
            {
                CsvCells.AppendRow(audit, row);
            }

            foreach (var row in fileRows)
            {
                var number = int.Parse(row[0], CultureInfo.InvariantCulture) + renumber[i];
                CsvCells.AppendRow(notStored, [number.ToString(CultureInfo.InvariantCulture), .. row.Skip(1)]);
            }
        }

        await AtomicFile.WriteAllBytesAsync(Path.Combine(auditDirectory, RunRecords.AuditFileName), Encoding.UTF8.GetBytes(audit.ToString()), cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllBytesAsync(Path.Combine(auditDirectory, RunRecords.NotStoredFileName), Encoding.UTF8.GetBytes(notStored.ToString()), cancellationToken).ConfigureAwait(false);
        foreach (var shard in shards)
        {
            File.Delete(Path.Combine(auditDirectory, PartFileName(RunRecords.AuditFileName, shard)));
            File.Delete(Path.Combine(auditDirectory, PartFileName(RunRecords.NotStoredFileName, shard)));
        }
    }

    /// <summary>A CSV the pipeline wrote: its header and rows, cells as written (already defused, so writing them again changes nothing).</summary>
    private static (IReadOnlyList<string> Header, List<string[]> Rows) ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var rows = new List<string[]>();
        while (parser.Read())
        {
            rows.Add(parser.Record ?? []);
        }

        return rows.Count == 0
            ? throw new PipelineException($"{Path.GetFileName(path)} is empty.")
            : (rows[0], rows.GetRange(1, rows.Count - 1));
    }

    [GeneratedRegex(@"^(manifest|report)\.shard-(?<index>\d+)-of-(?<count>\d+)\.(csv|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
