using System.Collections.Frozen;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The reviewed lists of eng/deidentification, generated into <c>ReviewedAttributes.Generated.cs</c>, as lookups built
/// once: which UI attributes are never remapped, the class of each free-text attribute Table E.1-1 does not list, and
/// the strict policy's keep-list.
/// </summary>
internal static partial class ReviewedAttributes
{
    /// <summary>Whether the tag's UIDs name a class, transfer syntax, coding scheme, context or mapping resource.</summary>
    public static bool IsUidClass(DicomTag tag) => Lookup.UidClasses.Contains(tag.Value);

    /// <summary>Whether the strict policy's keep-list holds the tag.</summary>
    public static bool IsStrictKeep(DicomTag tag) => Lookup.StrictKeep.Contains(tag.Value);

    /// <summary>The reviewed class of a free-text attribute; <see langword="null"/> for any other tag.</summary>
    public static FreeTextClass? FindFreeText(DicomTag tag)
    {
        if (Lookup.FreeTextExact.TryGetValue(tag.Value, out var exact))
        {
            return exact;
        }

        foreach (var (value, mask, kind) in Lookup.FreeTextRepeating)
        {
            if ((tag.Value & mask) == value)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Built on first use, after the generated part's properties (field order across partial files is undefined).</summary>
    private static class Lookup
    {
        public static readonly FrozenSet<uint> UidClasses = UidClassTags.ToFrozenSet();

        public static readonly FrozenSet<uint> StrictKeep = StrictKeepTags.ToFrozenSet();

        public static readonly FrozenDictionary<uint, FreeTextClass> FreeTextExact =
            FreeText.Where(f => f.Mask == uint.MaxValue).ToFrozenDictionary(f => f.Tag, f => f.Class);

        public static readonly (uint Tag, uint Mask, FreeTextClass Class)[] FreeTextRepeating =
            [.. FreeText.Where(f => f.Mask != uint.MaxValue)];
    }
}
