using System.Text;

namespace DicomPipeline.Csv;

/// <summary>Loads a clinical CSV file with CsvHelper's parser, checking every row before the table is handed out.</summary>
internal sealed class CsvLookupTableLoader : ICsvLookupTableLoader
{
    private const int BufferSize = 1 << 16;

    /// <summary>UTF-8 (a byte order mark is detected and skipped); invalid bytes become U+FFFD, which the checks reject by position.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <inheritdoc/>
    public async Task<CsvLookupTable> LoadAsync(string path, CsvMergeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var settings = options.Snapshot();
        cancellationToken.ThrowIfCancellationRequested();

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var delimiter = settings.Delimiter ?? await DetectDelimiterAsync(stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
            var builder = new CsvTableBuilder(path, settings);
            await new CsvFileReader(builder, BufferSize).ReadAsync(reader, delimiter, cancellationToken).ConfigureAwait(false);
            return new CsvLookupTable(builder.Build());
        }
    }

    /// <summary>Whichever of , ; and tab occurs most often outside quotes in the header line; a comma when none does.</summary>
    internal static string DetectDelimiter(string? headerLine)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in headerLine ?? string.Empty)
        {
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case ',' when !quoted: commas++; break;
                case ';' when !quoted: semicolons++; break;
                case '\t' when !quoted: tabs++; break;
                default: break;
            }
        }

        return tabs > commas && tabs > semicolons ? "\t" : semicolons > commas ? ";" : ",";
    }

    private static async Task<string> DetectDelimiterAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        return DetectDelimiter(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false));
    }
}
