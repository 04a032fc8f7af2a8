using System.Collections.Frozen;

namespace DicomPipeline.Receiving;

/// <summary>The Storage SOP classes the receiver accepts: every one of the PS3.6 registry (generated beside this file).</summary>
internal static partial class StorageSopClasses
{
    public static int Count => Lookup.Uids.Count;

    public static bool Contains(string uid) => Lookup.Uids.Contains(uid);

    /// <summary>Built on first use, after the generated array (in the other part of this class) is initialized.</summary>
    private static class Lookup
    {
        public static readonly FrozenSet<string> Uids = GeneratedUids.ToFrozenSet(StringComparer.Ordinal);
    }
}
