using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The jobs: a bounded channel of those waiting for a turn (read by <see cref="JobRunner"/>) and a table of every job
/// remembered for <c>GET /jobs/{id}</c>, from which the oldest finished jobs are forgotten.
/// </summary>
internal sealed class JobQueue
{
    private readonly Channel<WebJob> _channel;
    private readonly ConcurrentDictionary<Guid, WebJob> _jobs = new();
    private readonly int _maxRetained;
    private readonly int _capacity;

    public JobQueue(IOptions<WebSampleOptions> options)
    {
        var limits = options.Value.Limits;
        _maxRetained = limits.MaxRetainedJobs;
        _capacity = limits.MaxQueuedJobs;
        _channel = Channel.CreateBounded<WebJob>(new BoundedChannelOptions(limits.MaxQueuedJobs)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
    }

    public ChannelReader<WebJob> Reader => _channel.Reader;

    /// <summary>Queues the job; false when the queue is full.</summary>
    public bool TryEnqueue(WebJob job)
    {
        _jobs[job.Id] = job;
        if (_channel.Writer.TryWrite(job))
        {
            Forget();
            return true;
        }

        _jobs.TryRemove(job.Id, out _);
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
                removed.Dispose();
            }
        }
    }
}
