using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// Deletes finished jobs' output folders, oldest first, beyond <see cref="JobRetention.MaxJobs"/>, older than
/// <see cref="JobRetention.MaxAge"/>, or beyond <see cref="JobRetention.MaxBytes"/> in all. Only folders named by a job
/// ID directly in <c>Output:Directory</c> are considered; the newest finished one and those of queued or running jobs are
/// kept. Runs at start and as every job ends, before it reads as finished. The audit maps (<c>Output:AuditDirectory</c>) are not touched: they are the
/// only way back from a pseudonym.
/// </summary>
internal sealed partial class OutputRetention(
    JobQueue queue,
    IOptions<DicomPipelineOptions> pipelineOptions,
    IOptions<WebSampleOptions> webOptions,
    TimeProvider time,
    ILogger<OutputRetention> logger)
{
    private readonly Lock _lock = new();

    /// <summary>Deletes what the rules say.</summary>
    /// <param name="finishing">A job that is ending now: its output counts as finished (and, being newest, is kept).</param>
    public void Apply(Guid? finishing = null)
    {
        lock (_lock)
        {
            try
            {
                ApplyLocked(finishing);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    private void ApplyLocked(Guid? finishing)
    {
        var root = Path.GetFullPath(pipelineOptions.Value.Output.Directory);
        if (!Directory.Exists(root))
        {
            return;
        }

        var rules = webOptions.Value.Web.Retention;
        var active = queue.Recent().Where(job => !job.IsFinished && job.Id != finishing).Select(job => job.Id).ToHashSet();
        var outputs = new DirectoryInfo(root).EnumerateDirectories()
            .Where(folder => folder.LinkTarget is null && Guid.TryParse(folder.Name, out var id) && !active.Contains(id))
            .OrderByDescending(folder => folder.LastWriteTimeUtc)
            .ToList();
        var now = time.GetUtcNow().UtcDateTime;
        long bytes = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            var folder = outputs[i];
            bytes += SizeOf(folder);
            if (i == 0 || (i < rules.MaxJobs && now - folder.LastWriteTimeUtc <= rules.MaxAge && bytes <= rules.MaxBytes))
            {
                continue;
            }

            folder.Delete(recursive: true);
            queue.Find(Guid.Parse(folder.Name))?.MarkOutputDeleted();
            LogDeleted(logger, folder.Name);
        }
    }

    private static long SizeOf(DirectoryInfo folder) =>
        folder.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Sum(file => file.Length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted the output of job {JobId}")]
    private static partial void LogDeleted(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not delete every old output ({ExceptionType})")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
