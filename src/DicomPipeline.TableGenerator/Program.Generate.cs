using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DicomPipeline.TableGenerator;

// Writing the C# sources: the dictionary, the DicomTag members and the profile table, with the escaping they
// need.
internal static partial class Program
{
    private static string GenerateDictionary(string header, string edition, List<DictionaryRow> attributes)
    {
        var s = new StringBuilder(capacity: 400_000);
        s.Append(header);
        s.Append('\n');
        s.Append("namespace DicomPipeline.Dicom;\n\n");
        s.Append("public static partial class DicomDictionary\n{\n");
        s.Append("    /// <summary>The edition of the DICOM standard (PS3.6 data dictionary, PS3.15 profile) the built-in tables come from.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    public const string Edition = \"{edition}\";\n\n");
        s.Append("    /// <summary>The number of lines in <see cref=\"GeneratedTable\"/>.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    private const int GeneratedEntryCount = {attributes.Count};\n\n");
        s.Append("    /// <summary>\n");
        s.Append("    /// The PS3.6 data dictionary, one entry a line in tag order:\n");
        s.Append("    /// <c>ggggeeee|Keyword|Name|VR/VR|VM|Y or N (retired)</c>. An X in the tag is a repeating digit;\n");
        s.Append("    /// an empty VR field means the standard gives none (items and delimiters: \"See Note 2\").\n");
        s.Append("    /// UTF-8, so that it is data the library's image holds (mapped read-only and read in place) rather than a string\n");
        s.Append("    /// object: Native AOT copied a string of the table, twice its size, into writable memory at every start.\n");
        s.Append("    /// </summary>\n");
        s.Append("    private static ReadOnlySpan<byte> GeneratedTable => \"\"\"\n");
        foreach (var a in attributes)
        {
            s.Append(CompactTag(a.Value, a.Mask)).Append('|')
                .Append(a.Keyword).Append('|')
                .Append(a.Name).Append('|')
                .Append(string.Join('/', a.VRs)).Append('|')
                .Append(a.VM).Append('|')
                .Append(a.Retired ? 'Y' : 'N').Append('\n');
        }

        s.Append("\"\"\"u8;\n}\n");
        return s.ToString();
    }

    private static string GenerateTags(string header, List<DictionaryRow> attributes, HashSet<string> reserved, out List<string> skipped)
    {
        skipped = [];
        var s = new StringBuilder(capacity: 700_000);
        s.Append(header);
        s.Append('\n');
        s.Append("namespace DicomPipeline.Dicom;\n\n");
        s.Append("/// <content>A property for every current (not retired) attribute of PS3.6 with a keyword and a fixed tag.</content>\n");
        s.Append("public readonly partial struct DicomTag\n{\n");
        foreach (var a in attributes)
        {
            if (a.Retired || a.Keyword.Length == 0 || a.Mask != FullMask)
            {
                continue;
            }

            if (reserved.Contains(a.Keyword))
            {
                skipped.Add(a.Keyword);
                continue;
            }

            var vr = a.VRs.Length == 0 ? "no VR" : "VR " + string.Join(" or ", a.VRs);
            s.Append(CultureInfo.InvariantCulture, $"    /// <summary>{FormatTag(a.Value, a.Mask)} {XmlEscape(a.Name)}, {vr}, VM {XmlEscape(a.VM)}.</summary>\n");
            s.Append(CultureInfo.InvariantCulture, $"    public static DicomTag {a.Keyword} => new({Hex(a.Value)});\n");
        }

        s.Append("}\n");
        return s.ToString();
    }

    private static string GenerateProfile(string header, string edition, List<ProfileRow> rows)
    {
        var s = new StringBuilder(capacity: 120_000);
        s.Append(header);
        s.Append('\n');
        s.Append("using System.Collections.Immutable;\n\n");
        s.Append("namespace DicomPipeline.Anonymization;\n\n");
        s.Append("internal static partial class ConfidentialityProfileTable\n{\n");
        s.Append("    /// <summary>The edition of PS3.15 the rows come from.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    public const string Edition = \"{edition}\";\n\n");
        s.Append(CultureInfo.InvariantCulture, $"    /// <summary>The number of rows of Table E.1-1.</summary>\n");
        s.Append(CultureInfo.InvariantCulture, $"    public const int RowCount = {rows.Count};\n\n");
        s.Append("    /// <summary>\n");
        s.Append("    /// PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes), sorted by tag, the private-attribute\n");
        s.Append("    /// row \"(GGGG,EEEE) where GGGG is odd\" last. Columns: tag, mask, odd-group row, name, in a standard composite IOD,\n");
        s.Append("    /// basic profile, then the options Retain Safe Private, Retain UIDs, Retain Device Identity, Retain Institution Identity,\n");
        s.Append("    /// Retain Patient Characteristics, Retain Longitudinal Temporal Information with Full Dates, ... with Modified Dates,\n");
        s.Append("    /// Clean Descriptors, Clean Structured Content, Clean Graphics (null where the table has no entry).\n");
        s.Append("    /// </summary>\n");
        s.Append("    public static ImmutableArray<ConfidentialityProfileRow> Rows { get; } =\n");
        s.Append("    [\n");
        foreach (var row in rows)
        {
            s.Append("        new(")
                .Append(Hex(row.Value)).Append(", ")
                .Append(Hex(row.Mask)).Append(", ")
                .Append(row.OddGroups ? "true" : "false").Append(", ")
                .Append(CSharpString(row.Name)).Append(", ")
                .Append(row.InStandardIod ? "true" : "false").Append(", ")
                .Append(CSharpString(row.BasicProfile));
            foreach (var option in row.Options)
            {
                s.Append(", ").Append(option is null ? "null" : CSharpString(option));
            }

            s.Append("),\n");
        }

        s.Append("    ];\n}\n");
        return s.ToString();
    }

    /// <summary>
    /// Names of the members DicomTag already declares in its hand-written files (and every struct inherits),
    /// which generated properties must not reuse.
    /// </summary>
    private static HashSet<string> FindDicomTagMembers(string outputFolder)
    {
        var names = new HashSet<string>(InheritedMembers, StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(outputFolder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(outputFolder, file).Replace('\\', '/');
            if (file.EndsWith(".Generated.cs", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (!DicomTagDeclarationPattern().IsMatch(text))
            {
                continue;
            }

            foreach (var line in text.Split('\n'))
            {
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                var match = MemberDeclarationPattern().Match(line);
                if (match.Success)
                {
                    names.Add(match.Groups[1].Value);
                }
            }
        }

        return names;
    }

    private static string XmlEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string CSharpString(string text)
    {
        var s = new StringBuilder("\"", text.Length + 2);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    s.Append("\\\"");
                    break;
                case '\\':
                    s.Append("\\\\");
                    break;
                case < ' ' or > '~':
                    s.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    s.Append(c);
                    break;
            }
        }

        return s.Append('"').ToString();
    }
}
