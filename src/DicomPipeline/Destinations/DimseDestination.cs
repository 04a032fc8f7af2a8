using System.Collections.Concurrent;
using DicomPipeline.Dicom;
using DicomPipeline.Imaging;
using DicomPipeline.Networking;
using DicomPipeline.Storage;

namespace DicomPipeline.Destinations;

/// <summary>
/// Sends instances with C-STORE over the DICOM network protocol (<c>dicom://AE@host:port</c>). Each call opens up to
/// <see cref="DestinationOptions.Parallelism"/> associations (shared with concurrent calls), each proposing one
/// presentation context per SOP class and file transfer syntax in the batch, and drains the batch over them.
/// A file goes as it is on disk when the peer accepted its own transfer syntax; an uncompressed one is re-encoded (header
/// rewritten, pixel data still copied stream to stream) when the peer accepted only Explicit or Implicit VR Little
/// Endian; compressed data is never transcoded.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose AvailableWaitHandle is never asked for holds nothing to dispose.")]
internal sealed class DimseDestination : IDicomDestination
{
    /// <summary>Presentation context IDs are the odd numbers 1 to 255 (PS3.8 section 9.3.2.2).</summary>
    private const int MaxContexts = 128;

    private readonly AssociationSettings _settings;
    private readonly DestinationOptions _options;
    private readonly SemaphoreSlim _associations;
    private readonly SentRecord _record;

    public DimseDestination(DestinationAddress address, DestinationOptions options)
    {
        _options = options;
        _settings = new AssociationSettings(
            address.Host, address.Port, address.CalledAeTitle!, options.CallingAeTitle, options.ConnectTimeout, options.Timeout, address.Tls ? DicomTlsFiles.Load(options) : null);
        var associations = options.Parallelism ?? DestinationOptions.DefaultDimseParallelism;
        _associations = new SemaphoreSlim(associations, associations);
        DisplayName = address.DisplayName;
        _record = new SentRecord(DisplayName);
    }

    public string DisplayName { get; }

    /// <summary>Nothing stays open between batches: each opens and releases its own association.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The waits between attempts to open an association after a transient failure: 1, 2 and 4 seconds.</summary>
    internal IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    public async Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default)
    {
        PresentationContext[] contexts = [new(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])];
        try
        {
            var association = await DicomAssociation.OpenAsync(_settings, contexts, cancellationToken).ConfigureAwait(false);
            try
            {
                var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
                var peer = association.PeerImplementationVersion is { Length: > 0 } version ? $" (peer implementation {version})" : string.Empty;
                return status.Category == DimseStatusCategory.Success
                    ? new DestinationEcho(true, $"C-ECHO to {DisplayName} succeeded{peer}.")
                    : new DestinationEcho(false, $"C-ECHO to {DisplayName} answered {status}{peer}.");
            }
            finally
            {
                await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DicomNetworkException ex)
        {
            return new DestinationEcho(false, ex.Message);
        }
    }

    public async Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var outcomes = new DestinationOutcome?[instances.Count];
        var files = new PendingFile?[instances.Count];
        var recorded = await _record.TryContainsAsync(instances, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < instances.Count; i++)
        {
            if (recorded[i])
            {
                outcomes[i] = new DestinationOutcome(instances[i].SopInstanceUid, DestinationOutcomeKind.AlreadyPresent);
                continue;
            }

            try
            {
                var header = await Part10Header.ReadAsync(instances[i].FullPath, cancellationToken).ConfigureAwait(false);
                files[i] = new PendingFile(i, instances[i].FullPath, header);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                outcomes[i] = NotSent(instances[i], "the file cannot be read: " + ex.Message);
            }
        }

        foreach (var group in GroupByContexts(files.OfType<PendingFile>()))
        {
            await SendGroupAsync(group, outcomes, cancellationToken).ConfigureAwait(false);
        }

        var result = new DestinationOutcome[instances.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = outcomes[i] ?? NotSent(instances[i], "not confirmed by the peer");
        }

        await _record.TryAddAsync(instances.Where((_, i) => !recorded[i] && result[i].Kind is DestinationOutcomeKind.Sent or DestinationOutcomeKind.AlreadyPresent), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Cuts the files into groups that need at most <see cref="MaxContexts"/> presentation contexts each.</summary>
    private static IEnumerable<List<PendingFile>> GroupByContexts(IEnumerable<PendingFile> files)
    {
        var group = new List<PendingFile>();
        var keys = new HashSet<(string, string)>();
        var fallbacks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var key = ContextKey(file.Header);
            var fallback = UncompressedFallback.Needed(key.Syntax) && !fallbacks.Contains(key.SopClass);
            if (!keys.Contains(key) && keys.Count + fallbacks.Count + (fallback ? 2 : 1) > MaxContexts)
            {
                yield return group;
                group = [];
                keys.Clear();
                fallbacks.Clear();
                fallback = UncompressedFallback.Needed(key.Syntax);
            }

            keys.Add(key);
            if (fallback)
            {
                fallbacks.Add(key.SopClass);
            }

            group.Add(file);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static (string SopClass, string Syntax) ContextKey(Part10Header header) => (header.SopClassUid, header.TransferSyntaxUid);

    /// <summary>
    /// The contexts for a group: per SOP class and file transfer syntax, that syntax first, then, for uncompressed data,
    /// Explicit and Implicit VR Little Endian, which every peer must accept (PS3.5 section 10.1).
    /// </summary>
    internal static List<PresentationContext> ProposeContexts(IEnumerable<Part10Header> headers)
    {
        var contexts = new List<PresentationContext>();
        foreach (var (sopClass, syntax) in headers.Select(ContextKey).Distinct())
        {
            List<string> syntaxes = [syntax];
            if (!DicomTransferSyntax.FromUid(syntax).IsEncapsulated)
            {
                syntaxes.AddRange(new[] { DimseUids.ExplicitVRLittleEndian, DimseUids.ImplicitVRLittleEndian }.Where(s => s != syntax));
            }

            contexts.Add(new PresentationContext((byte)((contexts.Count * 2) + 1), sopClass, syntaxes));
        }

        UncompressedFallback.Propose(contexts, headers.Select(ContextKey).Distinct());
        return contexts;
    }

    private async Task SendGroupAsync(List<PendingFile> group, DestinationOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<PendingFile>(group);
        var errors = new ConcurrentQueue<DestinationOutcome>();
        var workers = Math.Min(_options.Parallelism ?? DestinationOptions.DefaultDimseParallelism, group.Count);
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = DrainAsync(queue, group, outcomes, errors, cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var failure = errors.TryPeek(out var first) ? first : new DestinationOutcome(string.Empty, DestinationOutcomeKind.NotSent, "not confirmed by the peer");
        foreach (var file in group)
        {
            outcomes[file.Index] ??= failure with { SopInstanceUid = file.Header.SopInstanceUid };
        }
    }

    /// <summary>
    /// One association's turn: open it, send files from the shared queue until it is empty, the association is lost, or it
    /// has sent <see cref="DestinationOptions.InstancesPerAssociation"/> (then it is released and the next one opened).
    /// A file that breaks while being sent (unreadable on disk) leaves the association mid-message: it is aborted and a new one opened.
    /// </summary>
    private async Task DrainAsync(ConcurrentQueue<PendingFile> queue, List<PendingFile> group, DestinationOutcome?[] outcomes, ConcurrentQueue<DestinationOutcome> errors, CancellationToken cancellationToken)
    {
        await _associations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!queue.IsEmpty)
            {
                var association = await OpenWithRetriesAsync(group, errors, cancellationToken).ConfigureAwait(false);
                if (association is null)
                {
                    return;
                }

                var usable = true;
                var left = _options.InstancesPerAssociation ?? int.MaxValue;
                try
                {
                    while (usable && left-- > 0 && queue.TryDequeue(out var file))
                    {
                        try
                        {
                            outcomes[file.Index] = await StoreAsync(association, file, cancellationToken).ConfigureAwait(false);
                        }
                        catch (DicomNetworkException ex)
                        {
                            outcomes[file.Index] = new DestinationOutcome(file.Header.SopInstanceUid, DestinationOutcomeKind.NotSent, ex.Message);
                            errors.Enqueue(outcomes[file.Index]!);
                            return;
                        }
                        catch (Exception ex) when (ex is IOException or DicomFormatException or InvalidOperationException or UnauthorizedAccessException)
                        {
                            outcomes[file.Index] = new DestinationOutcome(file.Header.SopInstanceUid, DestinationOutcomeKind.NotSent, "the file cannot be read: " + ex.Message);
                            usable = false;
                        }
                    }

                    if (usable)
                    {
                        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await association.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _associations.Release();
        }
    }

    /// <summary>
    /// Opens an association, retrying with growing delays (<see cref="RetryDelays"/>) when the failure is transient (no
    /// connection, a transient A-ASSOCIATE-RJ, an abort); a permanent rejection is not retried. Null when it cannot be opened:
    /// the failure is queued as not sent when a re-run may succeed (the peer was away), as refused when only a change of
    /// configuration can help (a permanent rejection, a certificate, a protocol error): the same run again would fail again.
    /// </summary>
    private async Task<DicomAssociation?> OpenWithRetriesAsync(List<PendingFile> group, ConcurrentQueue<DestinationOutcome> errors, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await DicomAssociation.OpenAsync(_settings, ProposeContexts(group.Select(f => f.Header)), cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException ex) when (ex.Transient && attempt < RetryDelays.Count)
            {
                await Task.Delay(RetryDelays[attempt], cancellationToken).ConfigureAwait(false);
            }
            catch (DicomNetworkException ex)
            {
                errors.Enqueue(ex.Transient
                    ? new DestinationOutcome(string.Empty, DestinationOutcomeKind.NotSent, RetryDelays.Count > 0 ? $"{ex.Message} ({RetryDelays.Count + 1} attempts)" : ex.Message)
                    : new DestinationOutcome(string.Empty, DestinationOutcomeKind.Refused, ex.Message));
                return null;
            }
        }
    }

    private static async Task<DestinationOutcome> StoreAsync(DicomAssociation association, PendingFile file, CancellationToken cancellationToken)
    {
        var header = file.Header;
        var context = association.Contexts.First(c => c.AbstractSyntax == header.SopClassUid && c.TransferSyntaxes[0] == header.TransferSyntaxUid);
        if (context.UnproposedTransferSyntax is not null)
        {
            return new DestinationOutcome(header.SopInstanceUid, DestinationOutcomeKind.Refused,
                $"{context.ResultDescription}: SOP class {header.SopClassUid} in {DicomTransferSyntax.FromUid(header.TransferSyntaxUid).Name}");
        }

        if (!context.IsAccepted && DicomTransferSyntax.FromUid(header.TransferSyntaxUid).IsEncapsulated
            && UncompressedFallback.AcceptedContext(association.Contexts, header.SopClassUid) is { } fallback)
        {
            return await StoreDecodedAsync(association, fallback, file, cancellationToken).ConfigureAwait(false);
        }

        if (!context.IsAccepted)
        {
            // The peer's answer to this SOP class and syntax: the same proposal in a re-run gets the same answer.
            return new DestinationOutcome(header.SopInstanceUid, DestinationOutcomeKind.Refused,
                $"{context.ResultDescription}: SOP class {header.SopClassUid} in {DicomTransferSyntax.FromUid(header.TransferSyntaxUid).Name}");
        }

        var accepted = context.AcceptedTransferSyntax!;
        Func<PDataStream, CancellationToken, ValueTask> write = accepted == header.TransferSyntaxUid
            ? (data, token) => CopyDatasetAsync(file, data, token)
            : (data, token) => ReencodeDatasetAsync(file, DicomTransferSyntax.FromUid(accepted), data, token);
        if (accepted != header.TransferSyntaxUid && DicomTransferSyntax.FromUid(header.TransferSyntaxUid).IsEncapsulated)
        {
            return new DestinationOutcome(header.SopInstanceUid, DestinationOutcomeKind.NotSent,
                $"the peer accepted {accepted} for compressed data in {header.TransferSyntaxUid}, and compressed data is never transcoded");
        }

        var response = await association.StoreAsync(context, header.SopClassUid, header.SopInstanceUid, write, cancellationToken).ConfigureAwait(false);
        return Outcome(header.SopInstanceUid, response);
    }

    /// <summary>Sends a compressed file decoded, in Explicit VR Little Endian, when the peer accepted none of its compressed syntaxes.</summary>
    private static async Task<DestinationOutcome> StoreDecodedAsync(DicomAssociation association, PresentationContext fallback, PendingFile file, CancellationToken cancellationToken)
    {
        DicomDataset decoded;
        try
        {
            // Decoded before the C-STORE-RQ goes out: a codec failure then leaves the association usable.
            decoded = await UncompressedFallback.DecodeAsync(file.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (PixelCodecException ex)
        {
            return new DestinationOutcome(file.Header.SopInstanceUid, DestinationOutcomeKind.Refused,
                $"the peer accepts SOP class {file.Header.SopClassUid} only uncompressed, and the pixels cannot be decoded: {ex.Message}");
        }

        var response = await association.StoreAsync(
            fallback,
            file.Header.SopClassUid,
            file.Header.SopInstanceUid,
            (data, token) => new ValueTask(DicomWriter.WriteDatasetAsync(data, decoded, DicomTransferSyntax.ExplicitVRLittleEndian, token)),
            cancellationToken).ConfigureAwait(false);
        return Outcome(file.Header.SopInstanceUid, response);
    }

    /// <summary>Maps a C-STORE-RSP to an outcome: success and warnings are sent, duplicate is already there, out of resources may be retried.</summary>
    internal static DestinationOutcome Outcome(string sopInstanceUid, DimseCommand response)
    {
        if (!response.HasStatus)
        {
            return new DestinationOutcome(sopInstanceUid, DestinationOutcomeKind.NotSent, "the peer's C-STORE-RSP has no Status (0000,0900), so nothing confirms the instance was stored (non-conformant peer)");
        }

        if (response.AffectedSopInstanceUid is { } answered && !string.Equals(answered, sopInstanceUid, StringComparison.Ordinal))
        {
            return new DestinationOutcome(sopInstanceUid, DestinationOutcomeKind.NotSent, "the peer's C-STORE-RSP names another SOP instance than the one sent (non-conformant peer)");
        }

        var status = response.Status;
        var comment = response.ErrorComment is { } text ? $" ({text})" : string.Empty;
        if (status.IsStored)
        {
            return new DestinationOutcome(sopInstanceUid, DestinationOutcomeKind.Sent, status.Category == DimseStatusCategory.Warning ? "warning: " + status + comment : null);
        }

        if (status.IsDuplicate)
        {
            return new DestinationOutcome(sopInstanceUid, DestinationOutcomeKind.AlreadyPresent);
        }

        return new DestinationOutcome(sopInstanceUid, status.IsTransient || status.Category == DimseStatusCategory.Cancel ? DestinationOutcomeKind.NotSent : DestinationOutcomeKind.Refused, status + comment);
    }

    private static async ValueTask CopyDatasetAsync(PendingFile file, PDataStream data, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file.Path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = file.Header.DatasetOffset;
            await data.CopyFromAsync(stream, stream.Length - file.Header.DatasetOffset, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask ReencodeDatasetAsync(PendingFile file, DicomTransferSyntax syntax, PDataStream data, CancellationToken cancellationToken)
    {
        var dicom = await DicomFile.OpenAsync(file.Path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await DicomWriter.WriteDatasetAsync(data, dicom.Dataset, syntax, cancellationToken).ConfigureAwait(false);
    }

    private static DestinationOutcome NotSent(StoredInstance instance, string reason) => new(instance.SopInstanceUid, DestinationOutcomeKind.NotSent, reason);

    private sealed record PendingFile(int Index, string Path, Part10Header Header);
}
