using System.Diagnostics;
using System.Runtime.CompilerServices;
using DicomPipeline.Diagnostics;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The first arrow: walks the input folder and hands the files found to the workers, one to each worker that asks.
/// Files skipped, and instances another shard owns, are recorded here and go no further.
/// </summary>
/// <remarks>
/// The workers pull from here themselves (one at a time, under the runner's lock), so what happens here is serialised.
/// With the library's folder loader (<see cref="IFolderWalker"/>) only the walk is: each worker opens and parses the
/// file it took (<see cref="ReadAsync"/>), so parsing runs on every core, and duplicates are settled in walk order by
/// <see cref="ClaimTurns"/>. A loader of the application's own reads in its enumerator, so there it stays here.
/// </remarks>
internal sealed partial class LoadStage(IDicomLoader loader, RunOutcomes outcomes, IProgress<PipelineProgress>? progress, ILogger logger, PipelineShard? shard = null)
{
    public const string Name = "load";

    private const string DuplicateReason = "the same SOP Instance UID as an earlier input file (in path order), which was kept";

    private readonly ClaimTurns _turns = new();
    private FolderWalk? _walk;

    /// <summary>Whether the workers read the files (<see cref="ReadAsync"/>), or the items come already read.</summary>
    public bool WorkersRead => loader is IFolderWalker;

    /// <summary>The items to process, in the loader's order; unread when <see cref="WorkersRead"/>.</summary>
    /// <exception cref="StepFailedException">The loader failed; the inner exception says how.</exception>
    public IAsyncEnumerable<PipelineItem> ItemsAsync(string inputDirectory, CancellationToken cancellationToken) =>
        loader is IFolderWalker walker ? FoundAsync(walker, inputDirectory, cancellationToken) : LoadedAsync(inputDirectory, cancellationToken);

    /// <summary>A worker's part of the load stage: reads the item's file, then admits it or records why not.</summary>
    /// <returns>True when the item goes on; false when it left the run (its outcome is recorded).</returns>
    /// <exception cref="StepFailedException">Reading failed other than for a bad file; the inner exception says how.</exception>
    public async ValueTask<bool> ReadAsync(PipelineItem item, string inputDirectory, CancellationToken cancellationToken)
    {
        try
        {
            LoadedInstance instance;
            try
            {
                instance = _walk!.Read(item.Path, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new StepFailedException(Name, ex);
            }

            if (!Admit(inputDirectory, instance))
            {
                return false;
            }

            if (SopInstanceUid(instance.File!) is { } sopInstanceUid)
            {
                await _turns.WaitAsync(item.Turn, cancellationToken).ConfigureAwait(false);
                if (!Claim(instance.Path, sopInstanceUid))
                {
                    return false;
                }
            }

            item.Read(instance.File!);
            return true;
        }
        finally
        {
            _turns.Complete(item.Turn);
        }
    }

    // The library's folder loader: the walk only (folder listings, links); each file is read by the worker that takes it.
    private async IAsyncEnumerable<PipelineItem> FoundAsync(IFolderWalker walker, string inputDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Load");
        IEnumerator<(string Path, SkippedFile? Skip)> entries;
        try
        {
            _walk = walker.Walk(inputDirectory, cancellationToken);
            entries = _walk.Entries.GetEnumerator();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StepFailedException(Name, ex);
        }

        using (entries)
        {
            long turn = 0;
            while (true)
            {
                try
                {
                    if (!entries.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new StepFailedException(Name, ex);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var (path, skip) = entries.Current;
                if (skip is not null)
                {
                    Admit(inputDirectory, LoadedInstance.Skipped(skip));
                    continue;
                }

                yield return new PipelineItem(path, turn++);
            }
        }
    }

    // A loader of the application's own: it reads as it enumerates, so the items come read, and claim in order here.
    private async IAsyncEnumerable<PipelineItem> LoadedAsync(string inputDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Load");
        var loaded = loader.LoadAsync(inputDirectory, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (loaded.ConfigureAwait(false))
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (!await loaded.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new StepFailedException(Name, ex);
                }

                PipelineInstruments.RecordStage(Name, started);
                var instance = loaded.Current;
                if (Admit(inputDirectory, instance) && (SopInstanceUid(instance.File!) is not { } sopInstanceUid || Claim(instance.Path, sopInstanceUid)))
                {
                    yield return PipelineItem.From(instance);
                }
            }
        }
    }

    /// <summary>Counts an entry of this shard and records a skipped one; true when it is an instance that goes on.</summary>
    private bool Admit(string inputDirectory, LoadedInstance instance)
    {
        if (shard is not null && !shard.Owns(ShardKey(inputDirectory, instance)))
        {
            return false;
        }

        outcomes.Find();
        if (!instance.IsSkipped)
        {
            return true;
        }

        var reason = instance.Skip.Offset is { } offset ? FormattableString.Invariant($"{instance.Skip.Reason} (offset {offset})") : instance.Skip.Reason;
        switch (instance.Skip.Kind)
        {
            case SkipKind.NotDicom:
                outcomes.NotProcessed(instance.Path, FileOutcome.NotDicom, reason);
                break;
            case SkipKind.NotAnInstance:
                outcomes.NotProcessed(instance.Path, FileOutcome.NotAnInstance, reason);
                break;
            default:
                outcomes.Skip(instance.Path, reason);
                break;
        }

        LogSkipped(logger, reason);
        progress?.Report(outcomes.Snapshot());
        return false;
    }

    /// <summary>
    /// Two input files holding the same instance (a duplicated export, the same image in two syntaxes) would land on the
    /// same output path. The first in path order is kept: claims are made in walk order (here, or at each item's turn),
    /// never in the order workers finish, so a re-run or a shard keeps the same one. A file without the UID goes on,
    /// for the store to report.
    /// </summary>
    private bool Claim(string path, string sopInstanceUid)
    {
        if (outcomes.Claim(sopInstanceUid))
        {
            return true;
        }

        outcomes.Skip(path, DuplicateReason);
        LogSkipped(logger, DuplicateReason);
        progress?.Report(outcomes.Snapshot());
        return false;
    }

    private static string? SopInstanceUid(DicomFile file) =>
        file.Dataset.GetString(DicomTag.SOPInstanceUID) is { Length: > 0 } uid ? uid : null;

    private static string ShardKey(string inputDirectory, LoadedInstance loaded) =>
        !loaded.IsSkipped && loaded.File.Dataset.GetString(DicomTag.StudyInstanceUID) is { Length: > 0 } study
            ? study.TrimEnd(' ', '\0')
            : Path.GetRelativePath(inputDirectory, loaded.Path).Replace('\\', '/');

    // The reason only: an input path may carry a patient's name, so it is kept out of logs (it is in report.json).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a file: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
