using System.Globalization;
using System.Text.RegularExpressions;
using DicomPipeline.Dicom;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>One line of dcmdump's output: an element, with the items of a sequence (or fragments of pixel data) under it.</summary>
internal sealed class DumpElement
{
    public required DicomTag Tag { get; init; }

    /// <summary>The VR as dcmdump prints it: a DICOM VR, or one of DCMTK's own ("xs", "ox", "??", "na", "pi").</summary>
    public required string VR { get; init; }

    /// <summary>The value text: "[text]" for strings, numbers or hex joined by backslashes, or a "(...)" remark.</summary>
    public required string Value { get; init; }

    public required int Line { get; init; }

    public List<DumpItem> Items { get; } = [];

    /// <summary>The text inside the brackets of a string value.</summary>
    public string Text => Value.StartsWith('[') && Value.EndsWith(']') ? Value[1..^1] : Value;

    public bool IsEmpty => Value == "(no value available)";

    public bool IsSequence => VR == "SQ" || Value.StartsWith("(PixelSequence", StringComparison.Ordinal);

    public override string ToString() => $"line {Line}: {Tag} {VR} {Value}";
}

/// <summary>An item of a sequence, or a fragment of encapsulated pixel data (then <see cref="Fragment"/> is set).</summary>
internal sealed class DumpItem
{
    public List<DumpElement> Elements { get; } = [];

    /// <summary>The "#=n" count dcmdump prints for the item, or -1.</summary>
    public int DeclaredCount { get; init; } = -1;

    public DumpElement? Fragment { get; init; }
}

/// <summary>dcmdump's output for one file, parsed: the file meta information and the dataset.</summary>
internal sealed partial class DcmdumpOutput
{
    private DcmdumpOutput()
    {
    }

    public List<DumpElement> Meta { get; } = [];

    public List<DumpElement> Dataset { get; } = [];

    /// <summary>The "Used TransferSyntax" line of the dataset section.</summary>
    public string? DatasetTransferSyntax { get; private set; }

    public static DcmdumpOutput Parse(string text)
    {
        var output = new DcmdumpOutput();
        var section = output.Dataset;
        var containers = new List<List<DumpElement>> { section };
        var sequences = new List<DumpElement?>();
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                if (line.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal))
                {
                    section = output.Meta;
                }
                else if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
                {
                    section = output.Dataset;
                }
                else if (line.StartsWith("# Used TransferSyntax: ", StringComparison.Ordinal) && section == output.Dataset)
                {
                    output.DatasetTransferSyntax = line["# Used TransferSyntax: ".Length..];
                }

                containers = [section];
                sequences = [];
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var match = ElementLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"dcmdump line {number} not understood: {line}");
            }

            var depth = match.Groups["indent"].Length / 2;
            var tag = new DicomTag(
                ushort.Parse(match.Groups["group"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(match.Groups["element"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            var element = new DumpElement { Tag = tag, VR = match.Groups["vr"].Value, Value = match.Groups["value"].Value, Line = number };

            if (tag == DicomTag.ItemDelimitationTag || tag == DicomTag.SequenceDelimitationTag)
            {
                continue;
            }

            if (tag == DicomTag.ItemTag)
            {
                var parent = depth >= 1 && depth - 1 < sequences.Count ? sequences[depth - 1] : null;
                if (parent is null)
                {
                    throw new FormatException($"dcmdump line {number}: an item outside of a sequence");
                }

                var count = ItemCount().Match(element.Value);
                var item = new DumpItem
                {
                    DeclaredCount = count.Success ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : -1,
                    Fragment = element.VR == "pi" ? element : null,
                };
                parent.Items.Add(item);
                SetAt(containers, depth + 1, item.Elements);
                continue;
            }

            if (depth >= containers.Count)
            {
                throw new FormatException($"dcmdump line {number}: unexpected indentation");
            }

            containers[depth].Add(element);
            SetAt(sequences, depth, element.IsSequence ? element : null);
        }

        return output;
    }

    private static void SetAt<T>(List<T> list, int index, T value)
    {
        while (list.Count <= index)
        {
            list.Add(default!);
        }

        list[index] = value;
        list.RemoveRange(index + 1, list.Count - index - 1);
    }

    [GeneratedRegex(@"^(?<indent> *)\((?<group>[0-9a-f]{4}),(?<element>[0-9a-f]{4})\) (?<vr>\S\S) (?<value>.*?)\s*# +(u/l|\d+), *\d+ .*$")]
    private static partial Regex ElementLine();

    [GeneratedRegex(@"#=(\d+)")]
    private static partial Regex ItemCount();
}
