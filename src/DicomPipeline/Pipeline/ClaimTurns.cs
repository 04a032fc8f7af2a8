namespace DicomPipeline.Pipeline;

/// <summary>
/// Lets the workers claim SOP Instance UIDs in the order the walk found the files, while they parse them in any order:
/// each item has a turn (its place in the walk); a worker that needs to claim waits until every earlier item has
/// finished its own, so of two files holding one instance the first in path order always wins.
/// </summary>
/// <remarks>
/// Every turn handed out must be completed once, whatever happens to its item (claimed, skipped, failed, cancelled).
/// At most one item per worker is in flight, so a wait is for the parse of an earlier file already under way; the
/// turns held are as many as the workers.
/// </remarks>
internal sealed class ClaimTurns
{
    private readonly object _gate = new();
    private readonly HashSet<long> _doneEarly = [];
    private readonly Dictionary<long, TaskCompletionSource> _waiting = [];
    private long _next;

    /// <summary>Completes when every turn before <paramref name="turn"/> has been completed.</summary>
    /// <param name="turn">The item's turn.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes at the item's turn.</returns>
    public ValueTask WaitAsync(long turn, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (turn == _next)
            {
                return ValueTask.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add(turn, waiter);
        }

        return new ValueTask(waiter.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Marks <paramref name="turn"/> as done: its item has claimed what it holds, or needs no claim.</summary>
    /// <param name="turn">The item's turn.</param>
    public void Complete(long turn)
    {
        TaskCompletionSource? next;
        lock (_gate)
        {
            _waiting.Remove(turn);
            if (turn != _next)
            {
                _doneEarly.Add(turn);
                return;
            }

            _next++;
            while (_doneEarly.Remove(_next))
            {
                _next++;
            }

            _waiting.Remove(_next, out next);
        }

        next?.TrySetResult();
    }
}
