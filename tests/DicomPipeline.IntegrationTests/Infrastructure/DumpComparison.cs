using System.Buffers.Binary;
using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// Compares what dcmdump prints for a file with what our reader made of it, element by element and value by value,
/// nested items included. Each difference is returned as one line naming the element's path.
/// </summary>
internal static class DumpComparison
{
    private static readonly DicomTag SpecificCharacterSet = new(0x00080005);

    public static IReadOnlyList<string> Compare(DcmdumpOutput dump, DicomFile ours)
    {
        var differences = new List<string>();
        CompareLevel(dump.Meta, ours.FileMetaInformation, "meta:", differences);
        CompareLevel(dump.Dataset, ours.Dataset, string.Empty, differences);
        return differences;
    }

    /// <summary>Compares one level of a dump (e.g. <see cref="DcmdumpOutput.Dataset"/>) with a dataset, nested items included.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<DumpElement> dump, DicomDataset ours)
    {
        var differences = new List<string>();
        CompareLevel(dump, ours, string.Empty, differences);
        return differences;
    }

    /// <summary>The element at <paramref name="path"/>: each tag but the last names a sequence whose first item is entered.</summary>
    public static DumpElement? Find(IReadOnlyList<DumpElement> elements, params DicomTag[] path)
    {
        DumpElement? found = null;
        foreach (var tag in path)
        {
            found = elements.FirstOrDefault(e => e.Tag == tag);
            if (found is null)
            {
                return null;
            }

            elements = found.Items.Count > 0 ? found.Items[0].Elements : [];
        }

        return found;
    }

    private static void CompareLevel(IReadOnlyList<DumpElement> dump, DicomDataset ours, string path, List<string> differences)
    {
        var shown = dump.Select(e => e.Tag).ToHashSet();
        foreach (var attribute in ours.Where(a => !shown.Contains(a.Tag)))
        {
            differences.Add($"{path}{attribute.Tag}: ours has it ({attribute.VR}), dcmdump does not show it");
        }

        foreach (var element in dump)
        {
            if (!ours.TryGet(element.Tag, out var attribute))
            {
                if (element.Tag == SpecificCharacterSet && element.Text.TrimEnd() == "ISO_IR 192")
                {
                    // dcmdump +U8 adds this when it "converts" a dataset that names no character set.
                    continue;
                }

                differences.Add($"{path}{element.Tag}: dcmdump shows it ({element}), ours does not have it");
                continue;
            }

            var where = path + element.Tag;
            switch (attribute)
            {
                case DicomSequence sequence:
                    CompareSequence(element, sequence, where, differences);
                    break;
                case DicomFragmentSequence fragments:
                    CompareFragments(element, fragments, where, differences);
                    break;
                case DicomElement value:
                    CompareElement(element, value, ours, where, differences);
                    break;
                default:
                    differences.Add($"{where}: unknown attribute type {attribute.GetType().Name}");
                    break;
            }
        }
    }

    private static void CompareSequence(DumpElement dump, DicomSequence ours, string where, List<string> differences)
    {
        if (dump.VR != "SQ")
        {
            differences.Add($"{where}: ours is a sequence, dcmdump shows {dump}");
            return;
        }

        if (dump.Items.Count != ours.Items.Count)
        {
            differences.Add($"{where}: ours has {ours.Items.Count} items, dcmdump shows {dump.Items.Count}");
            return;
        }

        for (var i = 0; i < ours.Items.Count; i++)
        {
            var item = dump.Items[i];
            if (item.DeclaredCount >= 0 && item.DeclaredCount != item.Elements.Count)
            {
                differences.Add($"{where}[{i}]: dcmdump counts {item.DeclaredCount} elements but lists {item.Elements.Count}");
            }

            CompareLevel(item.Elements, ours.Items[i], $"{where}[{i}].", differences);
        }
    }

    private static void CompareFragments(DumpElement dump, DicomFragmentSequence ours, string where, List<string> differences)
    {
        var fragments = new[] { ours.OffsetTable }.Concat(ours.Fragments).ToList();
        if (!dump.Value.StartsWith("(PixelSequence", StringComparison.Ordinal) || dump.Items.Count != fragments.Count)
        {
            differences.Add($"{where}: ours is encapsulated with {fragments.Count} items, dcmdump shows {dump} with {dump.Items.Count}");
            return;
        }

        for (var i = 0; i < fragments.Count; i++)
        {
            var expected = HexBytes(fragments[i].GetBytes().Span);
            var shown = dump.Items[i].Fragment?.IsEmpty == true ? string.Empty : dump.Items[i].Fragment?.Value ?? "?";
            if (!string.Equals(expected, shown, StringComparison.OrdinalIgnoreCase))
            {
                differences.Add($"{where} fragment {i}: ours {Short(expected)}, dcmdump {Short(shown)}");
            }
        }
    }

    private static void CompareElement(DumpElement dump, DicomElement ours, DicomDataset dataset, string where, List<string> differences)
    {
        var vr = ours.VR;
        var bytes = ours.GetBytes().Span;

        // A public element DCMTK kept as UN (defined length, newer than its dictionary) and our reader typed from ours.
        var dumpUnknown = dump.VR is "UN" or "??";
        if (dumpUnknown && vr != DicomVR.UN)
        {
            Expect(HexBytes(bytes), dump.IsEmpty ? string.Empty : dump.Value, ignoreCase: true);
            return;
        }

        if (!VRMatches(dump.VR, vr))
        {
            differences.Add($"{where}: ours has VR {vr}, dcmdump shows {dump}");
            return;
        }

        if (vr.IsString)
        {
            if (dump.Tag == SpecificCharacterSet)
            {
                // dcmdump +U8 converts the values to UTF-8 and reports "ISO_IR 192"; ours is compared by the tests directly.
                return;
            }

            var text = dataset.GetString(dump.Tag) ?? string.Empty;
            Expect(text.TrimEnd(' ', '\0'), dump.IsEmpty ? string.Empty : dump.Text.TrimEnd(' ', '\0'), ignoreCase: false);
            return;
        }

        if (dump.IsEmpty)
        {
            Expect(bytes.Length.ToString(CultureInfo.InvariantCulture), "0", ignoreCase: false);
            return;
        }

        switch (dump.VR)
        {
            case "xs":
                // "US or SS" in implicit VR, which DCMTK does not resolve: it prints the unsigned words.
                Expect(Join(bytes, 2, s => BinaryPrimitives.ReadUInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false);
                return;
            case "ox" or "lt":
                // "OB or OW" / "US or OW" in implicit VR: DCMTK prints words as hex when it took them as OW.
                var words = dump.Value.Split('\\')[0].Length == 4;
                Expect(words ? HexWords(bytes) : HexBytes(bytes), dump.Value, true);
                return;
            default:
                break;
        }

        switch (vr.Code)
        {
            case "US": Expect(Join(bytes, 2, s => BinaryPrimitives.ReadUInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "SS": Expect(Join(bytes, 2, s => BinaryPrimitives.ReadInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "UL" or "OL": Expect(Join(bytes, 4, s => BinaryPrimitives.ReadUInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "SL": Expect(Join(bytes, 4, s => BinaryPrimitives.ReadInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "UV" or "OV": Expect(Join(bytes, 8, s => BinaryPrimitives.ReadUInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "SV": Expect(Join(bytes, 8, s => BinaryPrimitives.ReadInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture)), dump.Value, false); break;
            case "FL" or "OF": CompareFloats(bytes, 4, dump.Value); break;
            case "FD" or "OD": CompareFloats(bytes, 8, dump.Value); break;
            case "AT": Expect(Join(bytes, 4, s => FormattableString.Invariant($"({BinaryPrimitives.ReadUInt16LittleEndian(s):x4},{BinaryPrimitives.ReadUInt16LittleEndian(s[2..]):x4})")), dump.Value, true); break;
            case "OW": Expect(HexWords(bytes), dump.Value, true); break;
            default: Expect(HexBytes(bytes), dump.Value, true); break;
        }

        void Expect(string expected, string shown, bool ignoreCase)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!string.Equals(expected, shown, comparison))
            {
                differences.Add($"{where} {vr}: ours [{Short(expected)}], dcmdump [{Short(shown)}] (line {dump.Line})");
            }
        }

        void CompareFloats(ReadOnlySpan<byte> span, int size, string shown)
        {
            var parts = shown.Split('\\');
            if (parts.Length != span.Length / size)
            {
                Expect(Join(span, size, s => FloatText(s, size)), shown, false);
                return;
            }

            for (var i = 0; i < parts.Length; i++)
            {
                var word = span.Slice(i * size, size);
                var ourValue = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(word) : BinaryPrimitives.ReadDoubleLittleEndian(word);
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var theirs)
                    || !(size == 4 ? (float)theirs == (float)ourValue : Math.Abs(theirs - ourValue) <= Math.Abs(ourValue) * 1e-15))
                {
                    differences.Add($"{where} {vr} value {i}: ours {FloatText(word, size)}, dcmdump {parts[i]} (line {dump.Line})");
                }
            }
        }
    }

    private static bool VRMatches(string shown, DicomVR ours) => shown switch
    {
        "xs" => ours == DicomVR.US || ours == DicomVR.SS,
        "ox" => ours == DicomVR.OB || ours == DicomVR.OW,
        "lt" => ours == DicomVR.US || ours == DicomVR.OW,
        "??" => ours == DicomVR.UN,
        _ => shown == ours.Code,
    };

    private static string FloatText(ReadOnlySpan<byte> word, int size) => size == 4
        ? BinaryPrimitives.ReadSingleLittleEndian(word).ToString("R", CultureInfo.InvariantCulture)
        : BinaryPrimitives.ReadDoubleLittleEndian(word).ToString("R", CultureInfo.InvariantCulture);

    private static string Join(ReadOnlySpan<byte> bytes, int size, SpanFormatter format)
    {
        var parts = new List<string>();
        for (var i = 0; i + size <= bytes.Length; i += size)
        {
            parts.Add(format(bytes.Slice(i, size)));
        }

        return string.Join('\\', parts);
    }

    private static string HexBytes(ReadOnlySpan<byte> bytes) => Join(bytes, 1, s => s[0].ToString("x2", CultureInfo.InvariantCulture));

    private static string HexWords(ReadOnlySpan<byte> bytes) =>
        Join(bytes, 2, s => BinaryPrimitives.ReadUInt16LittleEndian(s).ToString("x4", CultureInfo.InvariantCulture));

    private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private delegate string SpanFormatter(ReadOnlySpan<byte> bytes);
}
