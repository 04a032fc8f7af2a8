using System.Diagnostics;
using System.Runtime.CompilerServices;
using DicomPipeline.Diagnostics;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The first arrow: walks the input folder with the loader and hands out the instances read, one to each worker that
/// asks. Files the loader skips, and instances another shard owns, are recorded here and go no further.
/// </summary>
/// <remarks>
/// The workers pull from here themselves (one at a time), so a file is read on the thread that then de-identifies and
/// stores it: no queue between the loader and the workers, and no thread hand-over per file.
/// </remarks>
internal sealed partial class LoadStage(IDicomLoader loader, RunOutcomes outcomes, IProgress<PipelineProgress>? progress, ILogger logger, PipelineShard? shard = null)
{
    public const string Name = "load";

    private const string DuplicateReason = "the same SOP Instance UID as an earlier input file (in path order), which was kept";

    /// <summary>The instances to process, in the loader's order.</summary>
    /// <exception cref="StepFailedException">The loader failed; the inner exception says how.</exception>
    public async IAsyncEnumerable<PipelineItem> ItemsAsync(string inputDirectory, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                if (shard is not null && !shard.Owns(ShardKey(inputDirectory, instance)))
                {
                    continue;
                }

                outcomes.Find();
                if (instance.IsSkipped)
                {
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
                    continue;
                }

                // Two input files holding the same instance (a duplicated export, the same image in two syntaxes) would
                // land on the same output path. The first in path order is kept, here where the files come one at a time:
                // claimed by a worker, it would be whichever finished de-identifying first, and a re-run or a shard could
                // keep the other. A file without the UID goes on, for the store to report.
                if (instance.File.Dataset.GetString(DicomTag.SOPInstanceUID) is { Length: > 0 } sopInstanceUid && !outcomes.Claim(sopInstanceUid))
                {
                    outcomes.Skip(instance.Path, DuplicateReason);
                    LogSkipped(logger, DuplicateReason);
                    progress?.Report(outcomes.Snapshot());
                    continue;
                }

                yield return PipelineItem.From(instance);
            }
        }
    }

    private static string ShardKey(string inputDirectory, LoadedInstance loaded) =>
        !loaded.IsSkipped && loaded.File.Dataset.GetString(DicomTag.StudyInstanceUID) is { Length: > 0 } study
            ? study.TrimEnd(' ', '\0')
            : Path.GetRelativePath(inputDirectory, loaded.Path).Replace('\\', '/');

    // The reason only: an input path may carry a patient's name, so it is kept out of logs (it is in report.json).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a file: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
