using System.Collections.Concurrent;
using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using DicomPipeline.Redaction;

namespace DicomPipeline.Verification;

/// <summary>
/// Verifies a whole output folder: every file at every depth (DICOM files element by element, other files such as
/// manifest.csv and report.json as text), and every file and folder name.
/// </summary>
/// <remarks>
/// With originals, their identifying values are read first into one search set for the whole folder (output UIDs are
/// remapped, so outputs cannot be paired with their originals): normalised values kept as 64-bit hashes, so memory
/// grows with the number of distinct identifying values, not with the number or size of files.
/// </remarks>
public sealed class OutputFolderVerifier
{
    /// <summary>The audit file written into <see cref="VerificationOptions.AuditDirectory"/>.</summary>
    public const string AuditFileName = "verify-audit.csv";

    private readonly VerificationOptions _options;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The options; the defaults when null.</param>
    public OutputFolderVerifier(VerificationOptions? options = null)
    {
        _options = options?.Clone() ?? new VerificationOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxDegreeOfParallelism);
    }

    /// <summary>Scans <paramref name="outputDirectory"/>, against the originals in <paramref name="originalsDirectory"/> when given.</summary>
    /// <param name="outputDirectory">The de-identified output.</param>
    /// <param name="originalsDirectory">The folder the output was made from, or null to scan without originals.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The report; <see cref="VerificationReport.IsClean"/> when nothing was found.</returns>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="IOException">A file cannot be read, or the audit file cannot be written.</exception>
    public async Task<VerificationReport> VerifyAsync(string outputDirectory, string? originalsDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var output = Path.GetFullPath(outputDirectory);
        RequireFolder(output, "output");
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount,
        };

        IdentifierSearchSet? set = null;
        var originalsRead = 0;
        var originalsSeen = 0;
        var unreadableOriginals = new ConcurrentBag<string>();
        string? originals = null;
        if (originalsDirectory is not null)
        {
            originals = Path.GetFullPath(originalsDirectory);
            RequireFolder(originals, "originals");
            set = new IdentifierSearchSet();
            await Parallel.ForEachAsync(Directory.EnumerateFiles(originals, "*", SearchOption.AllDirectories).Where(SpecialFiles.IsReadable), parallel, async (path, ct) =>
            {
                Interlocked.Increment(ref originalsSeen);
                if (await OutputFileScan.TryAddOriginalAsync(set, path, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref originalsRead);
                }
                else if (await OutputFileScan.LooksLikeDicomAsync(path, ct).ConfigureAwait(false))
                {
                    unreadableOriginals.Add(path);
                }
            }).ConfigureAwait(false);
        }

        var audit = _options.AuditDirectory is { } a ? Path.GetFullPath(a) : null;
        var findings = new ConcurrentBag<MatchedFinding>();
        var uninspected = new ConcurrentBag<PixelsNotInspected>();
        var dicomFiles = 0;
        var textFiles = 0;

        // Folder names once each; file names and contents per file.
        var names = new OutputScanner(set, _options, pairedWithOriginal: false);
        foreach (var folder in Directory.EnumerateDirectories(output, "*", SearchOption.AllDirectories))
        {
            if (!IsExcluded(folder, output, audit))
            {
                var relative = OutputFileScan.Relative(output, folder);
                names.ScanName(Path.GetFileName(folder), relative);
            }
        }

        // Originals that cannot be read are named (relative to the originals folder): their values were not searched for.
        foreach (var path in unreadableOriginals)
        {
            names.ReportOriginalProblem(OutputFileScan.Relative(originals!, path));
        }

        if (originals is not null && originalsRead == 0 && originalsSeen > 0)
        {
            names.ReportOriginalProblem(string.Empty, OutputFileScan.NoOriginalKind);
        }

        foreach (var finding in names.Findings)
        {
            findings.Add(finding);
        }

        using var pixelText = _options.InspectPixels && set is not null ? new PixelTextReader() : null;
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(f => !IsExcluded(f, output, audit));
        await Parallel.ForEachAsync(files, parallel, async (path, ct) =>
        {
            var relative = OutputFileScan.Relative(output, path);
            var scanner = new OutputScanner(set, _options, pairedWithOriginal: false);
            scanner.ScanName(Path.GetFileName(path), relative);
            // The name of an empty file or a pipe is looked at, not its content: there is none, or it would never come.
            if (SpecialFiles.IsReadable(path))
            {
                var (isDicom, modality) = await OutputFileScan.ScanContentAsync(scanner, path, relative, ct).ConfigureAwait(false);
                Interlocked.Increment(ref isDicom ? ref dicomFiles : ref textFiles);
                if (isDicom && pixelText is not null && await OutputFileScan.ScanPixelTextAsync(() => pixelText, scanner, path, relative, onlyWhenClaimedClean: false, ct).ConfigureAwait(false))
                {
                    modality = null;
                }

                if (modality is not null)
                {
                    uninspected.Add(new PixelsNotInspected(relative, modality));
                }
            }

            foreach (var finding in scanner.Findings)
            {
                findings.Add(finding);
            }
        }).ConfigureAwait(false);

        var sorted = findings
            .OrderBy(f => f.Finding.File, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.TagPath, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Kind, StringComparer.Ordinal)
            .ToList();
        if (audit is not null)
        {
            await WriteAuditAsync(audit, sorted, cancellationToken).ConfigureAwait(false);
        }

        return new VerificationReport
        {
            OutputDirectory = output,
            OriginalsDirectory = originals,
            OriginalsRead = originalsRead,
            ValuesSearched = set?.Count ?? 0,
            DicomFilesScanned = dicomFiles,
            TextFilesScanned = textFiles,
            Findings = [.. sorted.Select(f => f.Finding)],
            PixelsNotInspected = [.. uninspected.OrderBy(p => p.File, StringComparer.Ordinal)],
        };
    }

    private static void RequireFolder(string path, string what)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"The {what} folder '{path}' does not exist.");
        }
    }

    /// <summary>The verifier's own files, the audit folder, and partial writes are not output.</summary>
    private static bool IsExcluded(string path, string output, string? audit)
    {
        if (audit is not null && (path == audit || path.StartsWith(audit + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            return true;
        }

        var name = Path.GetFileName(path);
        return name.EndsWith(AtomicWrite.PartialSuffix, StringComparison.Ordinal)
            || (Path.GetDirectoryName(path) == output && name == VerificationReport.FileName);
    }

    private static async Task WriteAuditAsync(string directory, IReadOnlyList<MatchedFinding> findings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var text = new StringBuilder("file,tagPath,kind,originalAttribute,matchedText\n");
        foreach (var (finding, matched) in findings)
        {
            text.AppendJoin(',', new[] { finding.File, finding.TagPath, finding.Kind, finding.OriginalAttribute ?? string.Empty, matched ?? string.Empty }.Select(Quote));
            text.Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(directory, AuditFileName), text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
