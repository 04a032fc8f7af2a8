using System.Collections.Frozen;

namespace DicomPipeline.Dicom;

/// <summary>
/// The UIDs the standard itself defines (PS3.6 Table A-1: SOP classes, transfer syntaxes, coding schemes, well-known
/// instances and frames of reference), generated from eng/dicom-standard/uids.json. Such a UID is nobody's identity.
/// </summary>
internal static partial class DicomUidRegistry
{
    /// <summary>The number of UIDs in the registry.</summary>
    public static int Count => Lookup.Uids.Count;

    /// <summary>Whether <paramref name="uid"/> (without padding) is a UID of the registry.</summary>
    public static bool Contains(string uid) => Lookup.Uids.Contains(uid);

    /// <summary>Whether <paramref name="uid"/> (without padding) is a UID of the registry, without making a string.</summary>
    public static bool Contains(ReadOnlySpan<char> uid) => Lookup.ByChars.Contains(uid);

    /// <summary>Built on first use, after the generated part's fields (field order across partial files is undefined).</summary>
    private static class Lookup
    {
        public static readonly FrozenSet<string> Uids = GeneratedUids.ToFrozenSet(StringComparer.Ordinal);

        public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Uids.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
