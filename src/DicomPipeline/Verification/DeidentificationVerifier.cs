using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Verification;

/// <summary>
/// The per-file verifier the pipeline calls after storing each file: the output file and its name, against the values
/// of its own original when given. An output image whose method codes claim the Clean Pixel Data Option (or every image,
/// with <see cref="VerificationOptions.InspectPixels"/>) has its pixels read by OCR as <c>verify --pixels</c> reads
/// them, so <c>run --verify</c> quarantines an image whose burned-in identifiers are still readable.
/// </summary>
internal sealed class DeidentificationVerifier : IDeidentificationVerifier, IDisposable
{
    private readonly VerificationOptions _options;
    private readonly Lazy<PixelTextReader> _pixelText = new(() => new PixelTextReader(), LazyThreadSafetyMode.ExecutionAndPublication);

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

        var relative = OutputFileScan.Relative(FullPath.Of(outputRoot), FullPath.Of(outputFile));
        var scanner = new OutputScanner(set, _options, pairedWithOriginal: true);
        if (!originalRead)
        {
            // Checked without it (names that are not pseudonyms, foreign UIDs), but never silently.
            scanner.ReportOriginalProblem(relative);
        }

        OutputFileScan.ScanNames(scanner, relative);
        var (isDicom, _) = await OutputFileScan.ScanContentAsync(scanner, outputFile, relative, cancellationToken).ConfigureAwait(false);
        if (isDicom && set is not null && originalRead)
        {
            await OutputFileScan.ScanPixelTextAsync(() => _pixelText.Value, scanner, outputFile, relative, onlyWhenClaimedClean: !_options.InspectPixels, cancellationToken).ConfigureAwait(false);
        }

        return [.. scanner.Findings.Select(f => f.Finding)];
    }

    public void Dispose()
    {
        if (_pixelText.IsValueCreated)
        {
            _pixelText.Value.Dispose();
        }
    }
}
