using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// What the sweep remembers between files: the needle set of each combination of identifying values (by their raw
/// bytes, <see cref="NeedleSource"/>), the needles of each value (<see cref="IdentifierNeedleBuilder"/>) and what each
/// tag names (<see cref="InstanceNeedleCollector"/>). The files of a series repeat the same values and tags, so each is
/// judged once per series or tag instead of once per file.
/// </summary>
/// <remarks>
/// One per anonymizer (found by its <see cref="AttributeActions"/>), so they live as long as the run that made it and
/// go with it. They were process-wide: in a long-lived process (the web sample, <c>listen</c>) patients' names, IDs and
/// dates stayed in memory after their run, and once the caps were reached by earlier runs, later runs never had a hit.
/// </remarks>
internal sealed class NeedleCaches
{
    /// <summary>Combinations of values whose needle sets are remembered; past the cap, made afresh.</summary>
    public const int MaximumCachedSets = 256;

    /// <summary>Values whose needles are remembered; past the cap, made afresh.</summary>
    public const int MaximumCachedValues = 16384;

    private static readonly ConditionalWeakTable<AttributeActions, NeedleCaches> ByActions = new();

    private NeedleCaches() => SetLookup = Sets.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The needle sets by the raw key of their combination of values.</summary>
    public ConcurrentDictionary<byte[], NeedleSet> Sets { get; } = new(NeedleSource.RawKeyComparer.Instance);

    /// <summary><see cref="Sets"/> looked up by a span, without making an array.</summary>
    public ConcurrentDictionary<byte[], NeedleSet>.AlternateLookup<ReadOnlySpan<byte>> SetLookup { get; }

    /// <summary>The needles of each value met, by its kind and text.</summary>
    public ConcurrentDictionary<(NeedleKind Kind, string Value), IdentifierNeedleBuilder.Expansion> Expansions { get; } = new();

    /// <summary>What each tag names (a name, a UID, a date…, or nothing to collect), for each value of Retain UIDs.</summary>
    private ConcurrentDictionary<bool, ConcurrentDictionary<uint, InstanceNeedleCollector.Kind>> Kinds { get; } = new();

    /// <summary>What each tag names under <paramref name="retainUids"/>.</summary>
    public ConcurrentDictionary<uint, InstanceNeedleCollector.Kind> KindsFor(bool retainUids) =>
        Kinds.GetOrAdd(retainUids, static _ => new ConcurrentDictionary<uint, InstanceNeedleCollector.Kind>());

    /// <summary>The caches of the anonymizer whose actions these are.</summary>
    public static NeedleCaches For(AttributeActions actions) => ByActions.GetValue(actions, static _ => new NeedleCaches());
}
