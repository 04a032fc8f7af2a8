using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Verification;

/// <summary>Reads originals into a search set, and scans one output file, DICOM or text, with its name.</summary>
internal static class OutputFileScan
{
    /// <summary>The kind of an output file that has the DICOM marker but cannot be read as DICOM.</summary>
    public const string UnreadableKind = "DICOM file that cannot be read (scanned as text only)";

    /// <summary>The kind of an original that cannot be read: the output is then checked without that original's values.</summary>
    public const string UnreadableOriginalKind = "original that cannot be read as DICOM (its identifiers were not searched for)";

    /// <summary>The kind of an originals folder none of whose files could be read.</summary>
    public const string NoOriginalKind = "no original could be read (nothing was searched for)";

    private const int PreambleLength = 128;

    /// <summary>CID 7050's code for the Clean Pixel Data Option.</summary>
    private const string CleanPixelDataCode = "113101";

    private static readonly DicomTag CodeValueTag = new(0x0008, 0x0100);

    private static readonly DicomReadOptions OriginalReadOptions = new() { StopBeforePixelData = true };

    /// <summary>Adds an original file's values to <paramref name="set"/>; false (and nothing added) when it is not DICOM.</summary>
    public static async Task<bool> TryAddOriginalAsync(IdentifierSearchSet set, string path, CancellationToken cancellationToken)
    {
        DicomFile original;
        try
        {
            original = await DicomFile.OpenAsync(path, OriginalReadOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException)
        {
            return false;
        }

        set.AddOriginal(original.Dataset);
        return true;
    }

    /// <summary>Whether a file that failed to read as an original was meant to be one: the DICOM marker or a DICOM extension.</summary>
    public static async Task<bool> LooksLikeDicomAsync(string path, CancellationToken cancellationToken) =>
        path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".dicom", StringComparison.OrdinalIgnoreCase)
            || await HasDicomMarkerAsync(path, cancellationToken).ConfigureAwait(false);

    /// <summary>Scans one output file's content (not its name). Returns whether it was DICOM and, when its pixels were not inspected, the modality.</summary>
    public static async Task<(bool IsDicom, string? UninspectedModality)> ScanContentAsync(
        OutputScanner scanner, string path, string relativePath, CancellationToken cancellationToken)
    {
        if (await HasDicomMarkerAsync(path, cancellationToken).ConfigureAwait(false))
        {
            DicomFile? file = null;
            try
            {
                file = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (DicomFormatException)
            {
                scanner.ReportUnreadable(relativePath);
            }

            if (file is not null)
            {
                return (true, scanner.ScanDicom(file, relativePath));
            }
        }

        await ScanTextFileAsync(scanner, path, relativePath, cancellationToken).ConfigureAwait(false);
        return (false, null);
    }

    /// <summary>
    /// OCRs every frame of the output file and scans the text read; false when its pixels could not be read, or, with
    /// <paramref name="onlyWhenClaimedClean"/>, when the file does not claim the Clean Pixel Data Option.
    /// </summary>
    public static async Task<bool> ScanPixelTextAsync(
        Func<PixelTextReader> reader, OutputScanner scanner, string path, string relative, bool onlyWhenClaimedClean, CancellationToken cancellationToken)
    {
        DicomFile file;
        try
        {
            file = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException)
        {
            return false;
        }

        if (onlyWhenClaimedClean && !ClaimsCleanPixelData(file.Dataset))
        {
            return false;
        }

        var frames = reader().Read(file, out _, cancellationToken);
        if (frames is null)
        {
            return false;
        }

        for (var f = 0; f < frames.Count; f++)
        {
            scanner.ScanPixelText(frames[f], relative, f + 1);
        }

        return true;
    }

    /// <summary>Whether the de-identification method codes name the Clean Pixel Data Option (CID 7050 113101).</summary>
    private static bool ClaimsCleanPixelData(DicomDataset dataset) =>
        dataset.TryGetSequence(DicomTag.DeidentificationMethodCodeSequence, out var methods)
        && methods.Items.Any(item => string.Equals(item.GetString(CodeValueTag)?.Trim(), CleanPixelDataCode, StringComparison.Ordinal));

    /// <summary>Scans each segment of a relative path (folders and the file name).</summary>
    public static void ScanNames(OutputScanner scanner, string relativePath)
    {
        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            scanner.ScanName(segments[i], string.Join('/', segments, 0, i + 1));
        }
    }

    /// <summary>The path relative to the output folder, with '/' separators.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static async Task<bool> HasDicomMarkerAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: false);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[PreambleLength + 4];
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == head.Length && head.AsSpan(PreambleLength).SequenceEqual("DICM"u8);
        }
    }

    private static async Task ScanTextFileAsync(OutputScanner scanner, string path, string relativePath, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            scanner.ScanLine(line, relativePath, ++number);
        }
    }
}
