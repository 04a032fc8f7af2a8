namespace DicomPipeline.Dicom;

/// <summary>A DICOM Part 10 file: its file meta information, its dataset and the transfer syntax the dataset was read in.</summary>
public sealed class DicomFile
{
    /// <summary>Creates a file from a dataset, to be written in <paramref name="transferSyntax"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="transferSyntax">The transfer syntax; explicit VR little endian when not given.</param>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax? transferSyntax = null)
        : this(new DicomDataset(), dataset, transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, null)
    {
    }

    internal DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax, string? sourcePath)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        SourcePath = sourcePath;
    }

    /// <summary>The file meta information (group 0002) as read; the writer rebuilds it.</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The dataset.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>
    /// The transfer syntax of the dataset as its file meta declares it (a little endian dataset whose first element shows
    /// the other VR encoding is read in that one), and the one it is written in by default.
    /// </summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>The file this was read from, when it was read from a file.</summary>
    public string? SourcePath { get; }

    /// <summary>
    /// Reads a file synchronously. Values of <see cref="DicomReadOptions.LargeValueThreshold"/> bytes or more (pixel data)
    /// stay in the file until written or asked for, so the file must stay in place while the dataset is in use. For
    /// worker threads that read many files in parallel: a header is parsed in microseconds from one or two reads.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Read options; <see cref="DicomReadOptions.Default"/> when not given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="DicomFormatException">The file is not valid DICOM; the message names the file and the byte offset.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        return DicomReader.Read(stream, FullPath.Of(path), options ?? DicomReadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Reads a file with asynchronous I/O: the header is read in one asynchronous read (more when it is larger), then
    /// parsed. Values of <see cref="DicomReadOptions.LargeValueThreshold"/> bytes or more (pixel data) stay in the file
    /// until written or asked for, so the file must stay in place while the dataset is in use.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Read options; <see cref="DicomReadOptions.Default"/> when not given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="DicomFormatException">The file is not valid DICOM; the message names the file and the byte offset.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = FullPath.Of(path);
        using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var file = new PrefetchedFile(handle);
        await file.FetchAsync(0, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            try
            {
                using var stream = file.OpenStream();
                return DicomReader.Read(stream, full, options ?? DicomReadOptions.Default, cancellationToken);
            }
            catch (PrefetchedFile.MissingBytesException missing)
            {
                await file.FetchAsync(missing.Offset, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads a file from a stream synchronously; every value is loaded into memory.</summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="options">Read options; <see cref="DicomReadOptions.Default"/> when not given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="DicomFormatException">The data is not valid DICOM; the message names the byte offset.</exception>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DicomReader.Read(stream, null, options ?? DicomReadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Reads a file from a stream with asynchronous I/O: the stream is read to its end asynchronously, then parsed; every
    /// value is loaded into memory, so for a moment the file's bytes are held twice.
    /// </summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="options">Read options; <see cref="DicomReadOptions.Default"/> when not given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="DicomFormatException">The data is not valid DICOM; the message names the byte offset.</exception>
    public static async Task<DicomFile> ReadAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        copy.Position = 0;
        return DicomReader.Read(copy, null, options ?? DicomReadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically: to a temporary file beside it, renamed into place when
    /// complete, so a failure or cancellation never leaves a partial file.
    /// </summary>
    /// <param name="path">Where to write.</param>
    /// <param name="options">Write options; the file's own transfer syntax when not given.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public async Task SaveAsync(string path, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = FullPath.Of(path);

        // Unbuffered and synchronous: the writer buffers itself, and the pixel data goes kernel to kernel.
        await AtomicWrite.WriteAsync(
            full,
            bufferSize: 0,
            FileOptions.None,
            async (stream, ct) =>
            {
                await WriteAsync(stream, options, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the file (preamble, file meta information, dataset) to a stream.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="options">Write options; the file's own transfer syntax when not given.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written.</returns>
    /// <exception cref="InvalidOperationException">The dataset's pixel data is encapsulated and another transfer syntax was asked for.</exception>
    public Task WriteAsync(Stream stream, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DicomWriter.WriteFileAsync(stream, this, options ?? DicomWriteOptions.Default, cancellationToken);
    }
}
