using System.Diagnostics;
using System.Threading.Channels;
using DicomPipeline.Diagnostics;
using DicomPipeline.Dicom;
using DicomPipeline.Loading;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The first arrow: walks the input folder with the loader and fills a bounded channel with the instances read. Files
/// the loader skips are recorded here and go no further.
/// </summary>
internal sealed partial class LoadStage(IDicomLoader loader, RunOutcomes outcomes, IProgress<PipelineProgress>? progress, ILogger logger, PipelineShard? shard = null)
{
    public const string Name = "load";

    /// <summary>Loads everything into <paramref name="writer"/> and completes it, with the error when loading fails.</summary>
    public async Task RunAsync(string inputDirectory, ChannelWriter<PipelineItem> writer, CancellationToken cancellationToken)
    {
        // The loader may read synchronously before its first await: never on the caller's thread.
        await Task.Yield();
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Load");
        try
        {
            var started = Stopwatch.GetTimestamp();
            await foreach (var loaded in loader.LoadAsync(inputDirectory, cancellationToken).ConfigureAwait(false))
            {
                PipelineInstruments.RecordStage(Name, started);
                if (shard is not null && !shard.Owns(ShardKey(inputDirectory, loaded)))
                {
                    continue;
                }

                outcomes.Find();
                if (loaded.IsSkipped)
                {
                    var reason = loaded.Skip.Offset is { } offset ? FormattableString.Invariant($"{loaded.Skip.Reason} (offset {offset})") : loaded.Skip.Reason;
                    outcomes.Skip(loaded.Path, reason);
                    LogSkipped(logger, reason);
                    progress?.Report(outcomes.Snapshot());
                    started = Stopwatch.GetTimestamp();
                    continue;
                }

                await writer.WriteAsync(PipelineItem.From(loaded), cancellationToken).ConfigureAwait(false);
                started = Stopwatch.GetTimestamp();
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    /// <summary>
    /// What decides an entry's shard: its Study Instance UID, so a study never splits; for a file that is not an instance
    /// (or has no study), its path below the input folder, so each such file is reported by exactly one shard.
    /// </summary>
    private static string ShardKey(string inputDirectory, LoadedInstance loaded) =>
        !loaded.IsSkipped && loaded.File.Dataset.GetString(DicomTag.StudyInstanceUID) is { Length: > 0 } study
            ? study.TrimEnd(' ', '\0')
            : Path.GetRelativePath(inputDirectory, loaded.Path).Replace('\\', '/');

    // The reason only: an input path may carry a patient's name, so it is kept out of logs (it is in report.json).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a file: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
