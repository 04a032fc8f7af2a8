namespace DicomPipeline.Verification;

/// <summary>
/// The per-file verifier the pipeline calls after storing each file: the output file and its name, against the values
/// of its own original when given.
/// </summary>
internal sealed class DeidentificationVerifier : IDeidentificationVerifier
{
    private readonly VerificationOptions _options;

    public DeidentificationVerifier(VerificationOptions? options = null)
    {
        _options = options?.Clone() ?? new VerificationOptions();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<VerificationFinding>> VerifyFileAsync(
        string outputFile, string? originalFile, string outputRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        IdentifierSearchSet? set = null;
        var originalRead = true;
        if (originalFile is not null)
        {
            set = new IdentifierSearchSet();
            originalRead = await OutputFileScan.TryAddOriginalAsync(set, originalFile, cancellationToken).ConfigureAwait(false);
        }

        var relative = OutputFileScan.Relative(Path.GetFullPath(outputRoot), Path.GetFullPath(outputFile));
        var scanner = new OutputScanner(set, _options, pairedWithOriginal: true);
        if (!originalRead)
        {
            // Checked without it (names that are not pseudonyms, foreign UIDs), but never silently.
            scanner.ReportOriginalProblem(relative);
        }

        OutputFileScan.ScanNames(scanner, relative);
        await OutputFileScan.ScanContentAsync(scanner, outputFile, relative, cancellationToken).ConfigureAwait(false);
        return [.. scanner.Findings.Select(f => f.Finding)];
    }
}
