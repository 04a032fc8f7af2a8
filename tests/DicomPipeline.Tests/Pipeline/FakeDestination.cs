using System.Collections.Concurrent;
using DicomPipeline.Destinations;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>A destination that records each batch and answers each instance with <paramref name="answer"/>.</summary>
internal sealed class FakeDestination(Func<StoredInstance, DestinationOutcomeKind> answer) : IDicomDestination
{
    public ConcurrentQueue<IReadOnlyList<StoredInstance>> Batches { get; } = new();

    public string DisplayName => "fake://destination";

    /// <summary>How often it was disposed: the caller that made it disposes it, the pipeline never does.</summary>
    public int Disposed { get; private set; }

    public ValueTask DisposeAsync()
    {
        Disposed++;
        return ValueTask.CompletedTask;
    }

    public Task<DestinationEcho> EchoAsync(CancellationToken cancellationToken = default) => Task.FromResult(new DestinationEcho(true, "fake"));

    public async Task<IReadOnlyList<DestinationOutcome>> SendAsync(IReadOnlyList<StoredInstance> instances, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        Batches.Enqueue([.. instances]);
        return [.. instances.Select(i => new DestinationOutcome(i.SopInstanceUid, answer(i), null))];
    }
}
