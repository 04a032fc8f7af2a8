using System.Diagnostics;
using System.Threading.Channels;
using DicomPipeline.Destinations;
using DicomPipeline.Diagnostics;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The last arrow: sends the stored instances to every destination while the rest of the run goes on. Instances are
/// gathered into batches of a fixed size; a few batches are in flight at once, each going to all destinations. The
/// outcomes at each destination are counted, and the problems among them listed, for the report (<see cref="DestinationTally"/>).
/// A destination that throws (rather than
/// reporting instances as not sent) stops the run.
/// </summary>
internal sealed class SendStage : IDisposable
{
    public const string Name = "send";

    private readonly IReadOnlyList<IDicomDestination> _destinations;
    private readonly DestinationTally[] _tallies;
    private readonly RunOutcomes _outcomes;
    private readonly IProgress<PipelineProgress>? _progress;
    private readonly int _batchSize;
    private readonly Channel<StoredInstance> _instances;
    private readonly Channel<StoredInstance[]> _batches;
    private readonly CancellationTokenSource _stop;
    private readonly Task _work;

    public SendStage(
        IReadOnlyList<IDicomDestination> destinations,
        int batchSize,
        int parallelism,
        RunOutcomes outcomes,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        _destinations = destinations;
        _tallies = [.. destinations.Select(_ => new DestinationTally())];
        _outcomes = outcomes;
        _progress = progress;
        _batchSize = batchSize;
        _instances = Channel.CreateBounded<StoredInstance>(new BoundedChannelOptions(batchSize * parallelism) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _batches = Channel.CreateBounded<StoredInstance[]>(new BoundedChannelOptions(parallelism) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        // Batching and sending stop each other: a send that fails must not leave the batcher waiting for room.
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batching = CancelOnFailure.Watch(BatchAsync(_stop.Token), _stop);
        var sending = CancelOnFailure.Watch(
            Parallel.ForEachAsync(
                _batches.Reader.ReadAllAsync(_stop.Token),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = _stop.Token },
                SendBatchAsync),
            _stop);
        _work = Task.WhenAll(batching, sending);
    }

    /// <summary>Completes when every instance enqueued has an outcome at every destination; faults when sending failed.</summary>
    public Task Completion => _work;

    /// <summary>Queues an instance; waits while the batches in flight are full.</summary>
    public ValueTask EnqueueAsync(StoredInstance instance, CancellationToken cancellationToken) =>
        _instances.Writer.WriteAsync(instance, cancellationToken);

    /// <summary>No more instances will come: the last, partial batch goes out.</summary>
    public void Complete() => _instances.Writer.TryComplete();

    /// <summary>The outcomes so far, one report per destination in the order given.</summary>
    public IReadOnlyList<DestinationReport> Reports() =>
        [.. _destinations.Select((d, i) => _tallies[i].Report(d.DisplayName))];

    public void Dispose() => _stop.Dispose();

    private async Task BatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<StoredInstance>(_batchSize);
            await foreach (var instance in _instances.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(instance);
                if (batch.Count == _batchSize)
                {
                    await _batches.Writer.WriteAsync([.. batch], cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _batches.Writer.WriteAsync([.. batch], cancellationToken).ConfigureAwait(false);
            }

            _batches.Writer.Complete();
        }
        catch (Exception ex)
        {
            _batches.Writer.TryComplete(ex);
            throw;
        }
    }

    private async ValueTask SendBatchAsync(StoredInstance[] batch, CancellationToken cancellationToken)
    {
        using var activity = PipelineInstruments.Source.StartActivity("DicomPipeline.Send");
        activity?.SetTag("dicompipeline.batch.size", batch.Length);
        var started = Stopwatch.GetTimestamp();
        var answers = new IReadOnlyList<DestinationOutcome>[_destinations.Count];
        if (answers.Length == 1)
        {
            answers[0] = await SendAsync(0, batch, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var sends = new Task<IReadOnlyList<DestinationOutcome>>[answers.Length];
            for (var d = 0; d < sends.Length; d++)
            {
                sends[d] = SendAsync(d, batch, cancellationToken);
            }

            await Task.WhenAll(sends).ConfigureAwait(false);
            for (var d = 0; d < sends.Length; d++)
            {
                answers[d] = await sends[d].ConfigureAwait(false);
            }
        }

        var everywhere = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            var reached = true;
            foreach (var answer in answers)
            {
                reached &= answer[i].Kind is DestinationOutcomeKind.Sent or DestinationOutcomeKind.AlreadyPresent;
            }

            everywhere += reached ? 1 : 0;
        }

        _outcomes.Sent(everywhere);
        PipelineInstruments.RecordStage(Name, started);
        _progress?.Report(_outcomes.Snapshot());
    }

    private async Task<IReadOnlyList<DestinationOutcome>> SendAsync(int index, StoredInstance[] batch, CancellationToken cancellationToken)
    {
        var destination = _destinations[index];
        var outcomes = await destination.SendAsync(batch, cancellationToken).ConfigureAwait(false);
        if (outcomes is null || outcomes.Count != batch.Length)
        {
            throw new PipelineException(FormattableString.Invariant(
                $"The destination {destination.DisplayName} answered {outcomes?.Count ?? 0} outcome(s) for {batch.Length} instance(s)."));
        }

        _tallies[index].Add(outcomes);
        return outcomes;
    }
}
