using System.Globalization;
using System.Text;

namespace DicomPipeline.TableGenerator;

/// <summary>
/// The UID registry (PS3.6 Table A-1, uids.json) and the reviewed lists of eng/deidentification that the safe-by-default
/// layer of the anonymizer uses: which UI attributes name a class or syntax, and the class of every free-text attribute
/// that Table E.1-1 does not list.
/// </summary>
internal static partial class Program
{
    /// <summary>The VRs whose values are free text a person may have typed.</summary>
    private static readonly HashSet<string> FreeTextVRs = new(StringComparer.Ordinal) { "AE", "LO", "SH", "ST", "LT", "UT", "UC", "UR" };

    private static readonly HashSet<string> FreeTextClasses = new(StringComparer.Ordinal) { "keep", "clean", "remove" };

    private static List<(string Uid, string Name, string Type)> ReadUidRegistry(string path)
    {
        var result = new List<(string, string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in ReadRows(path))
        {
            var uid = Field(row, "uid", path).Trim();
            if (uid.Length is 0 or > 64 || uid.Any(c => c != '.' && !char.IsAsciiDigit(c)))
            {
                throw new InvalidDataException($"{path}: not a UID: '{uid}'.");
            }

            if (seen.Add(uid))
            {
                result.Add((uid, Clean(Field(row, "name", path)), Clean(Field(row, "type", path))));
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    /// <summary>Reads a reviewed tab-separated list: '#' lines are comments; the first field is the tag (X for repeating digits).</summary>
    private static List<string[]> ReadReviewed(string path, int fields)
    {
        var rows = new List<string[]>();
        var number = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != fields || parts.Any(p => p.Trim().Length == 0))
            {
                throw new InvalidDataException($"{path}:{number}: expected {fields} tab-separated fields.");
            }

            rows.Add(parts);
        }

        return rows;
    }

    private static DictionaryRow FindReviewed(List<DictionaryRow> attributes, string path, string tag, string keyword)
    {
        var row = attributes.FirstOrDefault(a => CompactTag(a.Value, a.Mask) == tag)
            ?? throw new InvalidDataException($"{path}: {tag} is not in the dictionary.");
        if (row.Keyword != keyword)
        {
            throw new InvalidDataException($"{path}: {tag} is {row.Keyword} in the dictionary, not {keyword}.");
        }

        return row;
    }

    private static bool InProfile(List<ProfileRow> profile, DictionaryRow attribute) =>
        profile.Any(p => !p.OddGroups && (attribute.Value & p.Mask) == p.Value && (p.Mask & attribute.Mask) == p.Mask
            || !p.OddGroups && (p.Value & attribute.Mask) == attribute.Value && (attribute.Mask & p.Mask) == attribute.Mask);

    private static string GenerateUidRegistry(string header, string edition, List<(string Uid, string Name, string Type)> uids)
    {
        var s = new StringBuilder(capacity: 60_000);
        s.Append(header).Append('\n');
        s.Append("namespace DicomPipeline.Dicom;\n\n");
        s.Append("internal static partial class DicomUidRegistry\n{\n");
        s.Append("    /// <summary>The edition of PS3.6 the registry comes from.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    public const string Edition = \"{edition}\";\n\n");
        s.Append("    /// <summary>Every UID of PS3.6 Table A-1 (and the well-known frames of reference), sorted, each with its name and type.</summary>\n");
        s.Append("    private static readonly string[] GeneratedUids =\n    [\n");
        foreach (var (uid, name, type) in uids)
        {
            s.Append(CultureInfo.InvariantCulture, $"        \"{uid}\", // {name} ({type})\n");
        }

        s.Append("    ];\n}\n");
        return s.ToString();
    }

    private static string GenerateReviewedAttributes(
        string header,
        string edition,
        List<DictionaryRow> attributes,
        List<ProfileRow> profile,
        string uidListPath,
        string freeTextPath,
        string strictKeepPath)
    {
        var s = new StringBuilder(capacity: 120_000);
        s.Append(header).Append('\n');
        s.Append("using System.Collections.Immutable;\n\n");
        s.Append("namespace DicomPipeline.Anonymization;\n\n");
        s.Append("internal static partial class ReviewedAttributes\n{\n");
        s.Append("    /// <summary>The edition of PS3.6 / PS3.15 the lists were reviewed against.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    public const string Edition = \"{edition}\";\n\n");
        s.Append("    /// <summary>\n");
        s.Append("    /// UI attributes whose values name a class, transfer syntax, coding scheme, context or mapping resource: never remapped\n");
        s.Append("    /// (eng/deidentification/uid-attributes-kept.tsv).\n");
        s.Append("    /// </summary>\n");
        s.Append("    public static ImmutableArray<uint> UidClassTags { get; } =\n    [\n");
        foreach (var row in ReadReviewed(uidListPath, 3))
        {
            var attribute = FindReviewed(attributes, uidListPath, row[0], row[1]);
            if (!attribute.VRs.SequenceEqual(["UI"]))
            {
                throw new InvalidDataException($"{uidListPath}: {row[0]} {row[1]} is not a UI attribute.");
            }

            s.Append(CultureInfo.InvariantCulture, $"        {Hex(attribute.Value)}, // {row[1]}: {row[2]}\n");
        }

        s.Append("    ];\n\n");
        s.Append("    /// <summary>\n");
        s.Append("    /// The reviewed class of every free-text attribute (AE, LO, SH, ST, LT, UT, UC, UR) of the dictionary that Table E.1-1\n");
        s.Append("    /// does not list (eng/deidentification/free-text-attributes.tsv): tag, mask, class, and the reason as a comment.\n");
        s.Append("    /// </summary>\n");
        s.Append("    public static ImmutableArray<(uint Tag, uint Mask, FreeTextClass Class)> FreeText { get; } =\n    [\n");
        var listed = new HashSet<(uint, uint)>();
        foreach (var row in ReadReviewed(freeTextPath, 5))
        {
            var attribute = FindReviewed(attributes, freeTextPath, row[0], row[1]);
            if (!FreeTextClasses.Contains(row[3]))
            {
                throw new InvalidDataException($"{freeTextPath}: {row[0]}: class '{row[3]}' is not keep, clean or remove.");
            }

            if (InProfile(profile, attribute))
            {
                throw new InvalidDataException($"{freeTextPath}: {row[0]} {row[1]} is in Table E.1-1, which decides it.");
            }

            if (!listed.Add((attribute.Value, attribute.Mask)))
            {
                throw new InvalidDataException($"{freeTextPath}: {row[0]} is listed twice.");
            }

            var kind = row[3] switch { "keep" => "Keep", "clean" => "Clean", _ => "Remove" };
            s.Append(CultureInfo.InvariantCulture, $"        ({Hex(attribute.Value)}, {Hex(attribute.Mask)}, FreeTextClass.{kind}), // {row[1]}: {row[4]}\n");
        }

        var missing = attributes
            .Where(a => a.VRs.Length == 1 && FreeTextVRs.Contains(a.VRs[0]) && !InProfile(profile, a) && !listed.Contains((a.Value, a.Mask)))
            .Select(a => FormatTag(a.Value, a.Mask) + " " + a.Keyword)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{freeTextPath}: free-text attributes not reviewed yet (add each with a class and a reason): {string.Join(", ", missing)}.");
        }

        s.Append("    ];\n\n");
        s.Append("    /// <summary>\n");
        s.Append("    /// The strict policy's keep-list (eng/deidentification/strict-keep-list.tsv): the only standard attributes that survive\n");
        s.Append("    /// with <see cref=\"AnonymizationPolicy.Strict\"/>, each with the reason it is kept.\n");
        s.Append("    /// </summary>\n");
        s.Append("    public static ImmutableArray<uint> StrictKeepTags { get; } =\n    [\n");
        var byKeyword = attributes.Where(a => a.Mask == FullMask && a.Keyword.Length > 0).ToDictionary(a => a.Keyword, StringComparer.Ordinal);
        var kept = new HashSet<uint>();
        foreach (var row in ReadReviewed(strictKeepPath, 2))
        {
            if (!byKeyword.TryGetValue(row[0], out var attribute))
            {
                throw new InvalidDataException($"{strictKeepPath}: '{row[0]}' is not a keyword of the dictionary.");
            }

            if (!kept.Add(attribute.Value))
            {
                throw new InvalidDataException($"{strictKeepPath}: '{row[0]}' is listed twice.");
            }

            s.Append(CultureInfo.InvariantCulture, $"        {Hex(attribute.Value)}, // {row[0]}: {row[1]}\n");
        }

        s.Append("    ];\n}\n");
        return s.ToString();
    }
}
