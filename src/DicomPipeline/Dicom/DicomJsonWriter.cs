using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DicomPipeline.Dicom;

/// <summary>
/// Writes a dataset in the DICOM JSON Model of PS3.18 Annex F (media type <c>application/dicom+json</c>): one object whose
/// members are named by the eight upper-case hexadecimal digits of each tag, in ascending order, each holding the
/// <c>"vr"</c> and a <c>"Value"</c> array or an <c>"InlineBinary"</c> string.
/// </summary>
/// <remarks>
/// <para>The mapping follows PS3.18 F.2.2 to F.2.7:</para>
/// <list type="bullet">
/// <item><description>Group length elements (gggg,0000) are left out at every level (F.2.2).</description></item>
/// <item><description>
/// Text VRs give one JSON string per value, split at the backslash and trimmed as
/// <see cref="DicomDataset.GetStrings"/> trims them, decoded with the dataset's Specific Character Set (the JSON itself is
/// always UTF-8; Specific Character Set (0008,0005) is written as it is, as metadata). An empty value among several is
/// <c>null</c>; an attribute with no value at all has no <c>"Value"</c> member (F.2.5).
/// </description></item>
/// <item><description>
/// PN values are objects with the non-empty component groups as <c>"Alphabetic"</c>, <c>"Ideographic"</c> and
/// <c>"Phonetic"</c>; a value with every group empty is <c>null</c>.
/// </description></item>
/// <item><description>
/// IS and DS values are JSON numbers, written with the digits they have where a <see cref="decimal"/> holds them
/// exactly (a DS of <c>1.250</c> stays <c>1.250</c>, so no precision is lost), as the nearest double otherwise; forms
/// DICOM allows but JSON does not (<c>+5</c>, <c>.5</c>) become the number they mean. A value that is not a finite
/// number at all (malformed data written by other software) is written
/// as a JSON string holding the text: Table F.2.3-1 allows "Number or String" for IS and DS precisely to preserve the
/// original form, and a converter must not lose or reject a whole dataset over one bad value. Nothing here throws for
/// any value.
/// </description></item>
/// <item><description>
/// US, SS, UL, SL, FL and FD values are JSON numbers. FL and FD values that are NaN or infinite, which JSON cannot
/// express, are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </description></item>
/// <item><description>
/// UV and SV values are JSON numbers when every value of the attribute lies within ±(2^53 − 1), the integers a JSON
/// parser using IEEE doubles (JavaScript's among them) reads exactly; otherwise every value of that attribute is written
/// as a decimal string, as the note to Table F.2.3-1 allows "to avoid losing precision". Strings for the whole
/// attribute rather than a mix keep each "Value" array of one type.
/// </description></item>
/// <item><description>AT values are strings of eight upper-case hexadecimal digits, "GGGGEEEE".</description></item>
/// <item><description>
/// OB, OD, OF, OL, OV, OW and UN values are written as <c>"InlineBinary"</c>: base64 of the whole value field, little
/// endian (F.2.7), padded to even length as PS3.5 requires of every value field. Values still in their source file are
/// read from it (streamed in chunks by <see cref="WriteAsync"/>).
/// </description></item>
/// <item><description>SQ values are arrays of nested objects; an empty item is <c>{}</c>, a sequence without items has no <c>"Value"</c>.</description></item>
/// <item><description>
/// Encapsulated pixel data (<see cref="DicomFragmentSequence"/>) is written as <c>"InlineBinary"</c> holding its value
/// field exactly as PS3.5 A.4 encodes it in a little endian transfer syntax: the Basic Offset Table item, one item
/// (FFFE,E000) per fragment, each with its 32-bit length and padded to even length, then the Sequence Delimitation Item
/// (FFFE,E0DD). F.2.7 defines InlineBinary as "the base64 encoding of the enclosing attribute's Value Field" under the
/// PS3.5 rules, and for encapsulated data the value field is that item sequence; keeping the items keeps the offset table
/// and the frame boundaries, so the attribute can be rebuilt byte for byte given the transfer syntax (which the
/// <c>transfer-syntax</c> parameter of <c>application/dicom+json</c> conveys). Bare concatenated fragments, which PS3.18
/// 8.7.3.3.2 uses for compressed bulk data fetched by a BulkDataURI, would lose the boundaries. DICOMweb servers usually
/// send pixel data as a BulkDataURI instead; this writer has no URI to give, so callers who do not want pixel data
/// inline should remove it from (a clone of) the dataset first.
/// </description></item>
/// </list>
/// <para>
/// Non-ASCII text is written as UTF-8 rather than as <c>\uXXXX</c> escapes (<see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>):
/// the output is a JSON document, not text to embed in HTML, and stays readable for names in any script.
/// </para>
/// </remarks>
public static partial class DicomJsonWriter
{
    /// <summary>Unflushed output, in bytes, after which <see cref="WriteAsync"/> flushes to the stream.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary>The largest piece of a value handed to the writer at once, in bytes.</summary>
    private const int SegmentSize = 1 << 20;

    /// <summary>Integers of this magnitude or less survive a round trip through an IEEE double: 2^53 − 1.</summary>
    private const long MaxSafeInteger = (1L << 53) - 1;

    /// <summary>Writes <paramref name="dataset"/> as DICOM JSON (UTF-8) to a stream, which stays open.</summary>
    /// <param name="utf8Json">The destination.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Layout options; <see cref="DicomJsonWriterOptions.Default"/> when not given.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written and flushed.</returns>
    /// <remarks>
    /// Top-level binary values still in their source file (pixel data) are copied from it in chunks rather than loaded
    /// whole; nested ones are loaded.
    /// </remarks>
    public static async Task WriteAsync(Stream utf8Json, DicomDataset dataset, DicomJsonWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(dataset);
        var writer = new Utf8JsonWriter(utf8Json, CreateWriterOptions(options));
        await using (writer.ConfigureAwait(false))
        {
            var emitter = new Emitter(writer);
            writer.WriteStartObject();
            foreach (var attribute in dataset)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attribute.Tag.IsGroupLength)
                {
                    continue;
                }

                switch (attribute)
                {
                    case DicomElement { Region: not null, VR.IsBulk: true } bulk:
                        writer.WritePropertyName(TagName(bulk.Tag));
                        writer.WriteStartObject();
                        writer.WriteString("vr", bulk.VR.Code);
                        if (bulk.Length > 0)
                        {
                            writer.WritePropertyName("InlineBinary");
                            await WriteRegionAsync(writer, bulk.Region, cancellationToken).ConfigureAwait(false);
                            WriteSegment(writer, PaddingFor(bulk.Length, bulk.VR.PaddingByte), isFinal: true);
                        }

                        writer.WriteEndObject();
                        break;
                    case DicomFragmentSequence fragments when HasRegion(fragments):
                        writer.WritePropertyName(TagName(fragments.Tag));
                        writer.WriteStartObject();
                        writer.WriteString("vr", fragments.VR.Code);
                        writer.WritePropertyName("InlineBinary");
                        foreach (var fragment in Items(fragments))
                        {
                            WriteSegment(writer, ItemHeader(DicomTag.ItemTag, fragment.Length), isFinal: false);
                            if (fragment.Region is not null)
                            {
                                await WriteRegionAsync(writer, fragment.Region, cancellationToken).ConfigureAwait(false);
                            }
                            else
                            {
                                WriteSegment(writer, fragment.MemoryBytes.Span, isFinal: false);
                            }

                            WriteSegment(writer, PaddingFor(fragment.Length, 0), isFinal: false);
                        }

                        WriteSegment(writer, ItemHeader(DicomTag.SequenceDelimitationTag, 0), isFinal: true);
                        writer.WriteEndObject();
                        break;
                    default:
                        emitter.WriteAttribute(dataset, attribute);
                        break;
                }

                if (writer.BytesPending >= FlushThreshold)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns <paramref name="dataset"/> as DICOM JSON text.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Layout options; <see cref="DicomJsonWriterOptions.Default"/> when not given.</param>
    /// <returns>The JSON.</returns>
    /// <remarks>Binary values still in their source file are read from it.</remarks>
    public static string Serialize(DicomDataset dataset, DicomJsonWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CreateWriterOptions(options)))
        {
            new Emitter(writer).WriteDataset(dataset);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonWriterOptions CreateWriterOptions(DicomJsonWriterOptions? options) => new()
    {
        Indented = (options ?? DicomJsonWriterOptions.Default).Indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Each sequence level takes three JSON levels (attribute object, "Value" array, item object).
        MaxDepth = 4096,
    };

    private static string TagName(DicomTag tag) => tag.Value.ToString("X8", CultureInfo.InvariantCulture);

    private static bool HasRegion(DicomFragmentSequence fragments) =>
        fragments.OffsetTable.IsInSourceFile || fragments.Fragments.Any(f => f.IsInSourceFile);

    /// <summary>The basic offset table, then the fragments: every item of an encapsulated value.</summary>
    private static IEnumerable<DicomElement> Items(DicomFragmentSequence fragments) =>
        fragments.Fragments.Prepend(fragments.OffsetTable);

    /// <summary>An item or delimiter header as PS3.5 7.5 encodes it, little endian; the length is rounded up to even.</summary>
    private static byte[] ItemHeader(DicomTag tag, long length)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(length + (length & 1)));
        return header;
    }

    /// <summary>The byte that pads an odd-length value to even length, or nothing.</summary>
    private static byte[] PaddingFor(long length, byte paddingByte) => (length & 1) == 1 ? [paddingByte] : [];

    /// <summary>
    /// Appends bytes to the base64 string being written, in pieces of at most <see cref="SegmentSize"/> bytes so that no
    /// single write meets the writer's limit on one token's size.
    /// </summary>
    private static void WriteSegment(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes, bool isFinal)
    {
        while (bytes.Length > SegmentSize)
        {
            writer.WriteBase64StringSegment(bytes[..SegmentSize], isFinalSegment: false);
            bytes = bytes[SegmentSize..];
        }

        writer.WriteBase64StringSegment(bytes, isFinal);
    }

    /// <summary>Streams a source-file region into the base64 string being written, flushing as it goes.</summary>
    private static async ValueTask WriteRegionAsync(Utf8JsonWriter writer, BulkDataRegion region, CancellationToken cancellationToken)
    {
        var sink = new Base64SegmentStream(writer);
        await using (sink.ConfigureAwait(false))
        {
            await region.CopyToAsync(sink, bigEndian: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
