using System.Collections.Concurrent;
using System.Threading.Channels;
using DicomPipeline.Csv;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The jobs: a bounded channel of those waiting for a turn (read by <see cref="JobRunner"/>) and a table of every job
/// remembered for <c>GET /jobs/{id}</c>, from which the oldest finished jobs are forgotten. Every job is kept in the
/// <see cref="JobStore"/> too: at start the jobs kept are taken back, those that were queued are queued again, and
/// those that were running (the app stopped under them) are marked interrupted.
/// </summary>
internal sealed class JobQueue
{
    private readonly Channel<WebJob> _channel;
    private readonly ConcurrentDictionary<Guid, WebJob> _jobs = new();
    private readonly int _maxRetained;
    private readonly int _capacity;

    private readonly JobStore _store;

    public JobQueue(IOptions<WebSampleOptions> options, JobStore store, IOptions<CsvMergeOptions> csvOptions, TimeProvider time)
    {
        _store = store;
        var limits = options.Value.Limits;
        _maxRetained = limits.MaxRetainedJobs;
        _capacity = limits.MaxQueuedJobs;
        _channel = Channel.CreateBounded<WebJob>(new BoundedChannelOptions(limits.MaxQueuedJobs)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
        Restore(csvOptions.Value, time.GetUtcNow());
    }

    public ChannelReader<WebJob> Reader => _channel.Reader;

    /// <summary>Queues the job; false when the queue is full.</summary>
    public bool TryEnqueue(WebJob job)
    {
        _jobs[job.Id] = job;
        if (_channel.Writer.TryWrite(job))
        {
            job.Changed = _store.Save;
            _store.Save(job);
            Forget();
            return true;
        }

        _jobs.TryRemove(job.Id, out _);
        return false;
    }

    /// <summary>Queues an interrupted job again, into its own output folder; false when it was not interrupted or the queue is full.</summary>
    public bool TryRequeue(WebJob job, DateTimeOffset now)
    {
        if (!HasRoom || !job.TryRequeue())
        {
            return false;
        }

        if (_channel.Writer.TryWrite(job))
        {
            return true;
        }

        job.Interrupted(now);
        return false;
    }

    /// <summary>
    /// Whether a job could be queued now: checked before a post's form and CSV are read, so a full queue costs nothing.
    /// Another post may take the room in between; <see cref="TryEnqueue"/> still says so.
    /// </summary>
    public bool HasRoom => _channel.Reader.Count < _capacity;

    /// <summary>The jobs remembered, newest first.</summary>
    public IReadOnlyList<WebJob> Recent() => [.. _jobs.Values.OrderByDescending(job => job.CreatedAt)];

    public WebJob? Find(Guid id) => _jobs.TryGetValue(id, out var job) ? job : null;

    private void Forget()
    {
        var excess = _jobs.Count - _maxRetained;
        if (excess <= 0)
        {
            return;
        }

        foreach (var job in _jobs.Values.Where(job => job.IsFinished).OrderBy(job => job.CreatedAt).Take(excess))
        {
            if (_jobs.TryRemove(job.Id, out var removed))
            {
                _store.Delete(removed.Id);
                removed.Dispose();
            }
        }
    }

    private void Restore(CsvMergeOptions csv, DateTimeOffset now)
    {
        foreach (var job in _store.Load(csv))
        {
            _jobs[job.Id] = job;
            job.Changed = _store.Save;
            if (job.State == JobState.Running)
            {
                job.Interrupted(now);
            }
            else if (job.State == JobState.Queued)
            {
                if (job.Request.CsvPath is { } csvPath && !File.Exists(csvPath))
                {
                    job.Fail("Its CSV was lost when the app restarted (uploads are kept across restarts only in DicomPipeline:Web:WorkDirectory); post the job again.", now);
                }
                else if (!_channel.Writer.TryWrite(job))
                {
                    job.Fail("The queue was full when the app restarted; post the job again.", now);
                }
            }
        }
    }
}
