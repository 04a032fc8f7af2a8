using System.Collections.Frozen;
using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>A text attribute of the data dictionary that a CSV column may set, with the rules its values follow.</summary>
internal sealed class CsvAttribute
{
    /// <summary>Every keyword by its upper-case spelling, to catch headers that differ from a keyword only in case.</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> KeywordsIgnoringCase = new(
        () => DicomDictionary.Entries
            .Where(e => e.Keyword.Length > 0)
            .GroupBy(e => e.Keyword, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First().Keyword, StringComparer.OrdinalIgnoreCase),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private CsvAttribute(string keyword, DicomTag tag, DicomVR vr, int minValues, int maxValues)
    {
        Keyword = keyword;
        Tag = tag;
        VR = vr;
        MinValues = minValues;
        MaxValues = maxValues;
    }

    public string Keyword { get; }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>The least number of values the value multiplicity allows.</summary>
    public int MinValues { get; }

    /// <summary>The most values the value multiplicity allows (<see cref="int.MaxValue"/> for "n").</summary>
    public int MaxValues { get; }

    /// <summary>
    /// Resolves a keyword. False when it is no keyword of the dictionary; true with a <paramref name="reason"/> when it is
    /// one that a CSV must not set (not text, file meta information, the character set).
    /// </summary>
    public static bool TryResolve(string keyword, out CsvAttribute? attribute, out string? reason)
    {
        attribute = null;
        reason = null;
        if (!DicomDictionary.TryGetTag(keyword, out var tag) || !DicomDictionary.TryGetEntry(tag, out var entry))
        {
            return false;
        }

        var vr = DicomDictionary.GetDefaultVR(tag);
        if (!vr.IsString)
        {
            reason = $"is a DICOM attribute of VR {vr}; only text attributes can be set from a CSV";
        }
        else if (tag.Group == 0x0002)
        {
            reason = "is file meta information, which the writer sets";
        }
        else if (tag == DicomTag.SpecificCharacterSet)
        {
            reason = "is the character set, which a CSV cannot change";
        }
        else
        {
            var (min, max) = ParseMultiplicity(entry.ValueMultiplicity);
            attribute = new CsvAttribute(keyword, tag, vr, min, max);
        }

        return true;
    }

    /// <summary>The keyword spelled as the standard does, when <paramref name="header"/> differs from one only in case.</summary>
    public static string? KeywordDifferingInCase(string header) =>
        KeywordsIgnoringCase.Value.TryGetValue(header, out var keyword) && !string.Equals(keyword, header, StringComparison.Ordinal)
            ? keyword
            : null;

    /// <summary>Parses "1", "1-3", "1-n", "2-2n" and the like; anything else allows any number of values.</summary>
    private static (int Min, int Max) ParseMultiplicity(string vm)
    {
        var dash = vm.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? vm : vm[..dash];
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var min))
        {
            return (1, int.MaxValue);
        }

        if (dash < 0)
        {
            return (min, min);
        }

        var last = vm[(dash + 1)..];
        return int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? (min, max) : (min, int.MaxValue);
    }
}
