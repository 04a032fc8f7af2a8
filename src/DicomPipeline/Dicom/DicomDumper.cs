using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DicomPipeline.Dicom;

/// <summary>What <see cref="DicomDumper"/> shows.</summary>
public sealed class DicomDumpOptions
{
    /// <summary>The defaults: file meta information included, values cut at 64 characters.</summary>
    public static DicomDumpOptions Default { get; } = new();

    /// <summary>Whether to list the file meta information (group 0002) before the dataset. True by default.</summary>
    public bool IncludeFileMetaInformation { get; init; } = true;

    /// <summary>Values longer than this many characters are cut and end with "...". 64 by default; at least 1.</summary>
    public int MaxValueLength { get; init; } = 64;
}

/// <summary>
/// Writes a dataset as a readable tree in the manner of DCMTK's dcmdump, one line per attribute:
/// <c>(gggg,eeee) VR value # length, Keyword</c>, indented two spaces per nesting level.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>Text is shown in brackets, e.g. <c>[ORIGINAL\PRIMARY]</c>, control characters as '.', long values cut with "...".</description></item>
/// <item><description>Binary numbers are listed with backslashes (<c>512\512</c>); AT values as <c>(gggg,eeee)</c>.</description></item>
/// <item><description>
/// OB, OW, OL, OV and UN values of up to 16 bytes are shown in hexadecimal, one word of the VR's size at a time
/// (<c>00\01</c>); larger ones and OD / OF as <c>(n bytes)</c>. A value still in its source file is never read: it is
/// shown as <c>(n bytes)</c> whatever its VR.
/// </description></item>
/// <item><description>An empty value is <c>(no value available)</c>.</description></item>
/// <item><description>
/// A sequence is <c>(Sequence with N items)</c>, followed by an <c>(Item #k)</c> line per item and the item's attributes
/// one level deeper; its length is shown as "-" (it depends on the transfer syntax it is written in).
/// </description></item>
/// <item><description>
/// Encapsulated pixel data is <c>(Encapsulated pixel data with N fragments)</c> with length "u/l" (PS3.5 A.4 always uses
/// undefined length), followed by the basic offset table and each fragment with its length.
/// </description></item>
/// <item><description>
/// The keyword is the data dictionary's; "PrivateCreator" for private creator elements, "Private" for other private
/// elements, "Unknown" for tags the dictionary does not know.
/// </description></item>
/// </list>
/// <para>Lengths are the value lengths held (padding included, as read).</para>
/// </remarks>
public static class DicomDumper
{
    private const int HexDumpLimit = 16;

    /// <summary>Writes the file meta information (unless turned off) and the dataset of a file.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="file">The file.</param>
    /// <param name="options">What to show; <see cref="DicomDumpOptions.Default"/> when not given.</param>
    /// <remarks>
    /// The output starts with a line <c># File meta information</c> and the group 0002 attributes, then a blank line and
    /// <c># Dataset (transfer syntax name)</c> with the dataset's attributes.
    /// </remarks>
    public static void Write(TextWriter writer, DicomFile file, DicomDumpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(file);
        options = Validate(options);
        if (options.IncludeFileMetaInformation)
        {
            writer.WriteLine("# File meta information");
            WriteDataset(writer, file.FileMetaInformation, 0, options);
            writer.WriteLine();
        }

        writer.WriteLine($"# Dataset ({file.TransferSyntax.Name})");
        WriteDataset(writer, file.Dataset, 0, options);
    }

    /// <summary>Writes the attributes of a dataset (no header line).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">What to show; <see cref="DicomDumpOptions.Default"/> when not given.</param>
    public static void Write(TextWriter writer, DicomDataset dataset, DicomDumpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        WriteDataset(writer, dataset, 0, Validate(options));
    }

    /// <summary>Returns what <see cref="Write(TextWriter, DicomFile, DicomDumpOptions?)"/> writes, as a string.</summary>
    /// <param name="file">The file.</param>
    /// <param name="options">What to show; <see cref="DicomDumpOptions.Default"/> when not given.</param>
    /// <returns>The dump, lines ending in <see cref="Environment.NewLine"/>.</returns>
    public static string Dump(DicomFile file, DicomDumpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, file, options);
        return writer.ToString();
    }

    private static DicomDumpOptions Validate(DicomDumpOptions? options)
    {
        options ??= DicomDumpOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValueLength, 1, nameof(options));
        return options;
    }

    private static void WriteDataset(TextWriter writer, DicomDataset dataset, int depth, DicomDumpOptions options)
    {
        var indent = new string(' ', 2 * depth);
        foreach (var attribute in dataset)
        {
            var head = $"{indent}{attribute.Tag} {attribute.VR.Code}";
            var keyword = Keyword(attribute.Tag);
            switch (attribute)
            {
                case DicomSequence sequence:
                    var count = sequence.Items.Count;
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{head} (Sequence with {count} item{(count == 1 ? string.Empty : "s")}) # -, {keyword}"));
                    for (var i = 0; i < count; i++)
                    {
                        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}  (Item #{i + 1})"));
                        WriteDataset(writer, sequence.Items[i], depth + 2, options);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    var n = fragments.Fragments.Count;
                    writer.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{head} (Encapsulated pixel data with {n} fragment{(n == 1 ? string.Empty : "s")}) # u/l, {keyword}"));
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}  (Basic offset table, {fragments.OffsetTable.Length} bytes)"));
                    for (var i = 0; i < n; i++)
                    {
                        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{indent}  (Fragment #{i + 1}, {fragments.Fragments[i].Length} bytes)"));
                    }

                    break;
                case DicomElement element:
                    writer.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{head} {FormatValue(dataset, element, options.MaxValueLength)} # {element.Length}, {keyword}"));
                    break;
                default:
                    writer.WriteLine($"{head} # -, {keyword}");
                    break;
            }
        }
    }

    private static string Keyword(DicomTag tag)
    {
        if (DicomDictionary.TryGetEntry(tag, out var entry) && entry.Keyword.Length > 0)
        {
            return entry.Keyword;
        }

        return tag.IsPrivate ? "Private" : "Unknown";
    }

    private static string FormatValue(DicomDataset owner, DicomElement element, int max)
    {
        var vr = element.VR;
        if (element.Length == 0)
        {
            return "(no value available)";
        }

        if (element.IsInSourceFile)
        {
            return Bytes(element.Length); // never touch the source file
        }

        if (vr.IsString)
        {
            return "[" + Truncate(Printable(owner.GetString(element.Tag) ?? string.Empty), max) + "]";
        }

        var bytes = element.GetBytes().Span;
        if (vr == DicomVR.AT)
        {
            return JoinValues(bytes, 4, max, static (at, text) =>
                text.Append(new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(at), BinaryPrimitives.ReadUInt16LittleEndian(at[2..]))));
        }

        if (vr.IsBinaryNumber)
        {
            return vr.Code switch
            {
                "US" => JoinValues(bytes, 2, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16LittleEndian(at)}")),
                "SS" => JoinValues(bytes, 2, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadInt16LittleEndian(at)}")),
                "UL" => JoinValues(bytes, 4, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt32LittleEndian(at)}")),
                "SL" => JoinValues(bytes, 4, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadInt32LittleEndian(at)}")),
                "UV" => JoinValues(bytes, 8, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt64LittleEndian(at)}")),
                "SV" => JoinValues(bytes, 8, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadInt64LittleEndian(at)}")),
                "FL" => JoinValues(bytes, 4, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadSingleLittleEndian(at)}")),
                _ => JoinValues(bytes, 8, max, static (at, text) => text.Append(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadDoubleLittleEndian(at)}")),
            };
        }

        if (bytes.Length <= HexDumpLimit && vr != DicomVR.OF && vr != DicomVR.OD)
        {
            var unit = vr.UnitSize;
            return JoinValues(bytes, unit, max, static (at, text) =>
            {
                // Words are little endian in memory: show each as the number it is, most significant digit first.
                for (var i = at.Length - 1; i >= 0; i--)
                {
                    text.Append(at[i].ToString("x2", CultureInfo.InvariantCulture));
                }
            });
        }

        return Bytes(element.Length);
    }

    private static string Bytes(long length) => string.Create(CultureInfo.InvariantCulture, $"({length} bytes)");

    private delegate void AppendValue(ReadOnlySpan<byte> value, StringBuilder text);

    /// <summary>
    /// Lists fixed-size values separated by backslashes (invariant culture), stopping once the text passes
    /// <paramref name="max"/> characters; trailing bytes short of a whole value are ignored.
    /// </summary>
    private static string JoinValues(ReadOnlySpan<byte> bytes, int size, int max, AppendValue append)
    {
        var text = new StringBuilder();
        var count = bytes.Length / size;
        for (var i = 0; i < count && text.Length <= max; i++)
        {
            if (i > 0)
            {
                text.Append('\\');
            }

            append(bytes.Slice(i * size, size), text);
        }

        return Truncate(text.ToString(), max);
    }

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, cut), "...");
    }

    /// <summary>Replaces control characters (line breaks in LT / ST / UT among them) with '.', keeping one line per attribute.</summary>
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '.' : source[i];
            }
        });
    }
}
