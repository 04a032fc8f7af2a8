using System.Text.Json.Nodes;
using DicomPipeline.Pipeline;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// One posted job: its request, state, latest progress and outcome. Thread-safe. Each change of state is told to
/// <see cref="Changed"/> (the job store), after the change.
/// </summary>
internal sealed class WebJob : IProgress<PipelineProgress>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation = new();
    private PipelineProgress _progress = new(0, 0, 0, 0, 0);
    private int _walked;
    private int _counted = -1;
    private bool _countCapped;
    private volatile bool _counting;
    private bool _walkFinished;
    private bool _outputDeleted;

    public WebJob(Guid id, JobRequest request, DateTimeOffset createdAt)
    {
        Id = id;
        Request = request;
        CreatedAt = createdAt;
    }

    /// <summary>A job as the job store kept it before the app restarted.</summary>
    public static WebJob Restore(
        Guid id,
        JobRequest request,
        DateTimeOffset createdAt,
        JobState state,
        DateTimeOffset? startedAt,
        DateTimeOffset? finishedAt,
        string? error,
        string? outcome,
        JsonObject? view,
        bool outputDeleted) =>
        new(id, request, createdAt)
        {
            State = state,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Error = error,
            StoredOutcome = outcome,
            StoredView = view,
            _outputDeleted = outputDeleted,
        };

    public Guid Id { get; }

    /// <summary>Told after every change of state, outside the job's lock.</summary>
    public Action<WebJob>? Changed { get; set; }

    /// <summary>For a job finished before the app restarted: its view (<c>GET /jobs/{id}</c>) as it was when it finished.</summary>
    public JsonObject? StoredView { get; private set; }

    /// <summary>For a job finished before the app restarted: its outcome in three words.</summary>
    public string? StoredOutcome { get; private set; }

    public JobRequest Request { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public JobState State { get; private set; }

    public string? Error { get; private set; }

    public PipelineResult? Result { get; private set; }

    /// <summary>The job's own audit folder (its <c>not-stored.csv</c> maps the numbered files to their paths), or null when the app has none.</summary>
    public string? AuditDirectory { get; private set; }

    public PipelineProgress Progress => Volatile.Read(ref _progress);

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Files the folder walk has found so far.</summary>
    public int Walked => Volatile.Read(ref _walked);

    /// <summary>Whether the folder walk has ended, so <see cref="Walked"/> is the total.</summary>
    public bool WalkFinished => Volatile.Read(ref _walkFinished);

    /// <summary>
    /// The files the job counted in its folder before the pipeline started (<see cref="FolderCount"/>), or null while it
    /// counts, before it started, and when the count could not be made.
    /// </summary>
    public int? CountedFiles => Volatile.Read(ref _counted) is >= 0 and var counted ? counted : null;

    /// <summary>Whether the count stopped at its cap, so the folder holds more than <see cref="CountedFiles"/>.</summary>
    public bool CountCapped => Volatile.Read(ref _countCapped);

    /// <summary>Whether the job is counting its folder's files, before the pipeline starts.</summary>
    public bool Counting => _counting;

    /// <summary>Whether retention has deleted the job's output folder.</summary>
    public bool OutputDeleted => Volatile.Read(ref _outputDeleted);

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Interrupted;

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

    /// <summary>Told by <see cref="JobRunner"/> when it starts and ends counting the folder's files; null when it could not.</summary>
    public void CountProgress(bool counting, int? files = null, bool capped = false)
    {
        if (files is { } counted)
        {
            Volatile.Write(ref _countCapped, capped);
            Volatile.Write(ref _counted, counted);
        }

        _counting = counting;
    }

    /// <summary>Told by <see cref="OutputRetention"/> when it deletes the job's output folder.</summary>
    public void MarkOutputDeleted()
    {
        Volatile.Write(ref _outputDeleted, true);
        Changed?.Invoke(this);
    }

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
        }

        Changed?.Invoke(this);
        return true;
    }

    /// <summary>Moves an interrupted job back to the queue, to run again into the same output folder.</summary>
    /// <returns>False when the job was not interrupted.</returns>
    public bool TryRequeue()
    {
        lock (_lock)
        {
            if (State != JobState.Interrupted)
            {
                return false;
            }

            State = JobState.Queued;
            StoredView = null;
            StoredOutcome = null;
            StartedAt = null;
            FinishedAt = null;
            Error = null;
            Volatile.Write(ref _walked, 0);
            Volatile.Write(ref _walkFinished, false);
            Volatile.Write(ref _counted, -1);
            Volatile.Write(ref _countCapped, false);
            Volatile.Write(ref _progress, new PipelineProgress(0, 0, 0, 0, 0));
        }

        Changed?.Invoke(this);
        return true;
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
        }

        Changed?.Invoke(this);
        return true;
    }

    public void Succeed(PipelineResult result, string? auditDirectory, DateTimeOffset now)
    {
        AuditDirectory = auditDirectory;
        Finish(JobState.Succeeded, result, null, now);
    }

    public void Fail(string error, DateTimeOffset now) => Finish(JobState.Failed, null, error, now);

    public void Cancelled(DateTimeOffset now) => Finish(JobState.Cancelled, null, null, now);

    /// <summary>The app stopped while the job ran (or, found running at start, it stopped without saying).</summary>
    public void Interrupted(DateTimeOffset now) =>
        Finish(JobState.Interrupted, null, "The app stopped while this job ran. Run it again: files already stored are skipped.", now);

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

        Changed?.Invoke(this);
    }
}
