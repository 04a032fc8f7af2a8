using System.Collections.Concurrent;
using DicomPipeline.Destinations;
using DicomPipeline.Diagnostics;

namespace DicomPipeline.Pipeline;

/// <summary>One destination's outcomes in a run, added to from several batches at once.</summary>
/// <remarks>
/// Counts are exact; what is kept per instance is bounded: an instance that arrived as asked is only counted, and of the
/// rest (refused, not sent, stored with a warning) the first <see cref="ListedLimit"/> are listed for the report. A run
/// of a million files to a destination that is down keeps a thousand outcomes, not a million.
/// </remarks>
internal sealed class DestinationTally
{
    /// <summary>The most outcomes listed per destination in the report.</summary>
    public const int ListedLimit = 1000;

    private readonly ConcurrentQueue<DestinationOutcome> _listed = new();
    private readonly int[] _counts = new int[4];
    private int _warnings;
    private int _listedCount;
    private string? _error;

    public void Add(IReadOnlyList<DestinationOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            Interlocked.Increment(ref _counts[(int)outcome.Kind]);
            var problem = outcome.Kind is DestinationOutcomeKind.Refused or DestinationOutcomeKind.NotSent;
            if (problem)
            {
                PipelineInstruments.SendFailures.Add(1, new KeyValuePair<string, object?>("dicompipeline.outcome", outcome.Kind == DestinationOutcomeKind.Refused ? "refused" : "not_sent"));
            }

            if (outcome.Kind == DestinationOutcomeKind.NotSent && outcome.Reason is not null)
            {
                Interlocked.CompareExchange(ref _error, outcome.Reason, null);
            }

            var warning = !problem && outcome.Reason is not null;
            if (warning)
            {
                Interlocked.Increment(ref _warnings);
            }

            if ((problem || warning) && Interlocked.Increment(ref _listedCount) <= ListedLimit)
            {
                _listed.Enqueue(outcome);
            }
        }
    }

    public DestinationReport Report(string destination) => new()
    {
        Destination = destination,
        Sent = Volatile.Read(ref _counts[(int)DestinationOutcomeKind.Sent]),
        AlreadyPresent = Volatile.Read(ref _counts[(int)DestinationOutcomeKind.AlreadyPresent]),
        Refused = Volatile.Read(ref _counts[(int)DestinationOutcomeKind.Refused]),
        NotSent = Volatile.Read(ref _counts[(int)DestinationOutcomeKind.NotSent]),
        Warnings = Volatile.Read(ref _warnings),
        Error = Volatile.Read(ref _error),
        Instances = [.. _listed.OrderBy(o => o.SopInstanceUid, StringComparer.Ordinal)],
    };
}
