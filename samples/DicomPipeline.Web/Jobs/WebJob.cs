using DicomPipeline.Pipeline;

namespace DicomPipeline.Web.Jobs;

/// <summary>One posted job: its request, state, latest progress and outcome. Thread-safe.</summary>
internal sealed class WebJob : IProgress<PipelineProgress>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation = new();
    private PipelineProgress _progress = new(0, 0, 0, 0, 0);
    private int _walked;
    private bool _walkFinished;
    private bool _outputDeleted;

    public WebJob(Guid id, JobRequest request, DateTimeOffset createdAt)
    {
        Id = id;
        Request = request;
        CreatedAt = createdAt;
    }

    public Guid Id { get; }

    public JobRequest Request { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public JobState State { get; private set; }

    public string? Error { get; private set; }

    public PipelineResult? Result { get; private set; }

    public PipelineProgress Progress => Volatile.Read(ref _progress);

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Files the folder walk has found so far.</summary>
    public int Walked => Volatile.Read(ref _walked);

    /// <summary>Whether the folder walk has ended, so <see cref="Walked"/> is the total.</summary>
    public bool WalkFinished => Volatile.Read(ref _walkFinished);

    /// <summary>Whether retention has deleted the job's output folder.</summary>
    public bool OutputDeleted => Volatile.Read(ref _outputDeleted);

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    void IProgress<PipelineProgress>.Report(PipelineProgress value) => Volatile.Write(ref _progress, value);

    /// <summary>Told by <see cref="WalkTrackingLoader"/> as the folder walk goes on.</summary>
    public void WalkProgress(int found, bool finished)
    {
        Volatile.Write(ref _walked, found);
        if (finished)
        {
            Volatile.Write(ref _walkFinished, true);
        }
    }

    /// <summary>Told by <see cref="OutputRetention"/> when it deletes the job's output folder.</summary>
    public void MarkOutputDeleted() => Volatile.Write(ref _outputDeleted, true);

    /// <summary>Moves a queued job to running; false when it was cancelled while it waited.</summary>
    public bool TryStart(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (State != JobState.Queued)
            {
                return false;
            }

            State = JobState.Running;
            StartedAt = now;
            return true;
        }
    }

    /// <summary>Asks the job to stop: a queued job is cancelled at once, a running one between files.</summary>
    /// <returns>False when the job had already finished.</returns>
    public bool RequestCancel(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (IsFinished)
            {
                return false;
            }

            if (State == JobState.Queued)
            {
                State = JobState.Cancelled;
                FinishedAt = now;
            }

            _cancellation.Cancel();
            return true;
        }
    }

    public void Succeed(PipelineResult result, DateTimeOffset now) => Finish(JobState.Succeeded, result, null, now);

    public void Fail(string error, DateTimeOffset now) => Finish(JobState.Failed, null, error, now);

    public void Cancelled(DateTimeOffset now) => Finish(JobState.Cancelled, null, null, now);

    public void Dispose() => _cancellation.Dispose();

    private void Finish(JobState state, PipelineResult? result, string? error, DateTimeOffset now)
    {
        lock (_lock)
        {
            State = state;
            Result = result;
            Error = error;
            FinishedAt = now;
        }
    }
}
