using System.Buffers.Binary;
using System.IO.Compression;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Robustness;

/// <summary>
/// Builds the corrupted inputs of the robustness suite. Every variant is a pure function of (family, syntax, seed), so a
/// failure's id rebuilds it exactly: <c>MutationVariants.Create(MutationFamily.UnclosedItem, uid, 17)</c>.
/// </summary>
internal static class MutationVariants
{
    public const int NestingDepth = 10_000;

    private const uint Undefined = 0xFFFFFFFF;

    /// <summary>Every syntax the reader supports, by UID; the encapsulated one stands for all compressed syntaxes.</summary>
    public static IReadOnlyList<string> Syntaxes { get; } =
    [
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.JpegBaseline.Uid,
    ];

    /// <summary>How many seeds a family has for a syntax (every length field of the synthesized file, for <see cref="MutationFamily.LengthAtBoundary"/>).</summary>
    public static int SeedCount(MutationFamily family, string syntax) => family switch
    {
        MutationFamily.DeepNesting => 3,
        MutationFamily.UnclosedItem => 200,
        MutationFamily.LengthAtBoundary => LengthFields(syntax).Count * HostileLengthKinds,
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    public static IEnumerable<MutationVariant> All(MutationFamily family, string syntax)
    {
        var count = SeedCount(family, syntax);
        for (var seed = 0; seed < count; seed++)
        {
            yield return Create(family, syntax, seed);
        }
    }

    public static MutationVariant Create(MutationFamily family, string syntax, int seed) => family switch
    {
        MutationFamily.DeepNesting => DeepNesting(syntax, seed),
        MutationFamily.UnclosedItem => UnclosedItem(syntax, seed),
        MutationFamily.LengthAtBoundary => LengthAtBoundary(syntax, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    // ---- sequences nested 10,000 deep -------------------------------------------------------------------------------

    private static MutationVariant DeepNesting(string uid, int seed)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var body = Body(syntax);
        string description;
        switch (seed % 3)
        {
            case 0:
                description = "SQ and items of undefined length, never closed";
                for (var i = 0; i < NestingDepth; i++)
                {
                    Sequence(body, syntax, 0x0008, 0x1140, Undefined).ItemStart();
                }

                break;
            case 1:
                description = "SQ and items of defined length, each exactly enclosing the next";
                const int leaf = 12; // (0008,1155) UI "1.2\0": an 8-byte header and 4 bytes, in either VR encoding
                var sequenceHeader = syntax.IsExplicitVR ? 12 : 8;
                for (var i = 0; i < NestingDepth; i++)
                {
                    var inner = (uint)((NestingDepth - i - 1) * (sequenceHeader + 8) + leaf);
                    Sequence(body, syntax, 0x0008, 0x1140, inner + 8).ItemStart(inner);
                }

                Element(body, syntax, 0x0008, 0x1155, "UI", RawDicom.Uid("1.2"));
                break;
            default:
                description = "undefined-length UN (read as implicit VR sequences), never closed";
                if (syntax.IsExplicitVR)
                {
                    body.Tag(0x0009, 0x1010).Bytes("UN"u8.ToArray()).U16(0).U32(Undefined).ItemStart();
                }
                else
                {
                    body.Implicit(0x0009, 0x1010, [], Undefined).ItemStart();
                }

                // Inside an undefined-length UN the content is implicit VR little endian, whatever the file's syntax.
                var implicitLe = new RawDicom();
                for (var i = 1; i < NestingDepth; i++)
                {
                    implicitLe.Implicit(0x0009, 0x1010, [], Undefined).ItemStart();
                }

                body.Bytes(implicitLe.ToArray());
                break;
        }

        return new MutationVariant(MutationFamily.DeepNesting, uid, seed, description, Part10(syntax, body.ToArray()));
    }

    // ---- undefined-length items never closed ------------------------------------------------------------------------

    private static MutationVariant UnclosedItem(string uid, int seed)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var random = new Random(seed);
        var body = Body(syntax);
        Element(body, syntax, 0x0008, 0x0016, "UI", RawDicom.Uid(DicomCorpusSynthesizer.CTImageStorageUid));
        var depth = random.Next(1, 40);
        var ending = random.Next(5);
        for (var level = 0; level < depth; level++)
        {
            Sequence(body, syntax, 0x0008, 0x1140, Undefined).ItemStart();
            for (var n = random.Next(0, 3); n > 0; n--)
            {
                Element(body, syntax, 0x0008, 0x1155, "UI", RawDicom.Uid("1.2." + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            // Sometimes close this level's item but never its sequence.
            if (ending == 1 && level == depth - 1)
            {
                body.ItemEnd();
            }
        }

        string description;
        switch (ending)
        {
            case 0:
                description = $"{depth} nested items, the data ends inside the innermost";
                break;
            case 1:
                description = $"{depth} nested items, the innermost item closed but no sequence delimiter";
                break;
            case 2:
                description = $"{depth} nested items, the data ends right after an item header";
                Sequence(body, syntax, 0x0008, 0x1140, Undefined).ItemStart();
                break;
            case 3:
                description = $"{depth} nested items, the data ends inside an element header";
                var header = new RawDicom(syntax.IsBigEndian);
                Element(header, syntax, 0x0010, 0x0020, "LO", RawDicom.Text("ID"));
                body.Bytes(header.ToArray()[..random.Next(1, 6)]);
                break;
            default:
                // Encapsulated pixel data of undefined length at the top level whose fragments never end.
                description = "encapsulated Pixel Data whose fragment sequence is never closed";
                body = Body(syntax);
                Element(body, syntax, 0x0008, 0x0016, "UI", RawDicom.Uid(DicomCorpusSynthesizer.CTImageStorageUid));
                body.Tag(0x7FE0, 0x0010);
                if (syntax.IsExplicitVR)
                {
                    body.Bytes("OB"u8.ToArray()).U16(0);
                }

                body.U32(Undefined).ItemStart(0);
                for (var n = random.Next(0, 4); n > 0; n--)
                {
                    var fragment = new byte[2 * random.Next(1, 16)];
                    random.NextBytes(fragment);
                    body.ItemStart((uint)fragment.Length).Bytes(fragment);
                }

                break;
        }

        return new MutationVariant(MutationFamily.UnclosedItem, uid, seed, description, Part10(syntax, body.ToArray()));
    }

    // ---- hostile values in the length fields of a real file ---------------------------------------------------------

    private const int HostileLengthKinds = 4;

    private static readonly Dictionary<string, (byte[] Head, byte[] Body, IReadOnlyList<LengthField> Fields)> Synthesized = [];

    /// <summary>A length field of the dataset body: where it is, how wide, and where its value would end.</summary>
    internal readonly record struct LengthField(int Offset, int Size, uint Value);

    public static IReadOnlyList<LengthField> LengthFields(string uid) => SynthesizedFile(uid).Fields;

    private static MutationVariant LengthAtBoundary(string uid, int seed)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var (head, body, fields) = SynthesizedFile(uid);
        var field = fields[seed / HostileLengthKinds];
        var kind = seed % HostileLengthKinds;
        var max = field.Size == 2 ? 0xFFFFu : Undefined;
        var pastEnd = (uint)Math.Min(max, (long)body.Length - field.Offset - field.Size + 2);
        var (value, what) = kind switch
        {
            0 => (0u, "0"),
            1 => (field.Value == Undefined ? 3u : field.Value % 2 == 0 ? field.Value + 1 : field.Value + 2, "odd"),
            2 => (max, max == Undefined ? "0xFFFFFFFF" : "0xFFFF"),
            _ => (pastEnd, "past the end of the data"),
        };

        var mutated = (byte[])body.Clone();
        var target = mutated.AsSpan(field.Offset, field.Size);
        switch (field.Size, syntax.IsBigEndian)
        {
            case (2, true):
                BinaryPrimitives.WriteUInt16BigEndian(target, (ushort)Math.Min(value, 0xFFFF));
                break;
            case (2, false):
                BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)Math.Min(value, 0xFFFF));
                break;
            case (_, true):
                BinaryPrimitives.WriteUInt32BigEndian(target, value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(target, value);
                break;
        }

        var bytes = syntax.IsDeflated ? [.. head, .. RawDicom.Deflate(mutated)] : (byte[])[.. head, .. mutated];
        var description = $"{field.Size}-byte length at body offset {field.Offset} (was {field.Value}) set to {what} ({value})";
        return new MutationVariant(MutationFamily.LengthAtBoundary, uid, seed, description, bytes);
    }

    private static (byte[] Head, byte[] Body, IReadOnlyList<LengthField> Fields) SynthesizedFile(string uid)
    {
        lock (Synthesized)
        {
            if (Synthesized.TryGetValue(uid, out var cached))
            {
                return cached;
            }

            var syntax = DicomTransferSyntax.FromUid(uid);
            var dataset = new DicomCorpusSynthesizer(new SynthesisOptions
            {
                Patients = 1,
                SeriesPerStudy = 1,
                InstancesPerSeries = 1,
                Rows = 4,
                Columns = 4,
            }).CreateDatasets().First();
            if (syntax.IsEncapsulated)
            {
                dataset.AddOrUpdate(new DicomFragmentSequence(
                    DicomTag.PixelData,
                    DicomVR.OB,
                    new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
                    [new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 0xFF, 0xD8, 1, 2, 0xFF, 0xD9 })]));
            }

            var bytes = TestData.ToBytesAsync(new DicomFile(dataset, syntax)).GetAwaiter().GetResult();
            var bodyStart = 144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
            var head = bytes[..bodyStart];
            var body = syntax.IsDeflated ? Inflate(bytes[bodyStart..]) : bytes[bodyStart..];
            var entry = (head, body, (IReadOnlyList<LengthField>)ScanLengthFields(body, syntax.IsExplicitVR, syntax.IsBigEndian));
            Synthesized[uid] = entry;
            return entry;
        }
    }

    /// <summary>
    /// Walks a dataset body as our writer lays it out (sequences and items of undefined length, fragments of defined
    /// length) and lists every length field: those of elements, items and delimiters, at every nesting level.
    /// </summary>
    internal static List<LengthField> ScanLengthFields(byte[] body, bool explicitVR, bool bigEndian)
    {
        ushort U16(int at) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(at));
        uint U32(int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(at));

        var fields = new List<LengthField>();
        var inFragments = false;
        var p = 0;
        while (p + 8 <= body.Length)
        {
            var group = U16(p);
            var element = U16(p + 2);
            if (group == 0xFFFE)
            {
                var itemLength = U32(p + 4);
                fields.Add(new LengthField(p + 4, 4, itemLength));
                if (element == 0xE0DD)
                {
                    inFragments = false;
                }

                // A fragment's content is skipped; an item's content is walked.
                p += 8 + (inFragments && element == 0xE000 && itemLength != Undefined ? (int)itemLength : 0);
                continue;
            }

            // Inside an undefined-length UN the content is implicit VR little endian; the writer writes none of those.
            int header;
            uint length;
            var isSequence = false;
            if (explicitVR)
            {
                var vr = System.Text.Encoding.ASCII.GetString(body, p + 4, 2);
                var isLong = vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";
                isSequence = vr == "SQ";
                header = isLong ? 12 : 8;
                length = isLong ? U32(p + 8) : U16(p + 6);
                fields.Add(new LengthField(isLong ? p + 8 : p + 6, isLong ? 4 : 2, length));
            }
            else
            {
                header = 8;
                length = U32(p + 4);
                fields.Add(new LengthField(p + 4, 4, length));
            }

            if (length == Undefined)
            {
                inFragments = group == 0x7FE0 && element == 0x0010;
                p += header;
            }
            else
            {
                p += header + (isSequence ? 0 : (int)length);
            }
        }

        return fields;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static RawDicom Body(DicomTransferSyntax syntax) => new(syntax.IsBigEndian);

    private static RawDicom Sequence(RawDicom raw, DicomTransferSyntax syntax, ushort group, ushort element, uint length) =>
        syntax.IsExplicitVR ? raw.Explicit(group, element, "SQ", [], length) : raw.Implicit(group, element, [], length);

    private static RawDicom Element(RawDicom raw, DicomTransferSyntax syntax, ushort group, ushort element, string vr, byte[] value) =>
        syntax.IsExplicitVR ? raw.Explicit(group, element, vr, value) : raw.Implicit(group, element, value);

    private static byte[] Part10(DicomTransferSyntax syntax, byte[] body)
    {
        var head = RawDicom.Part10(syntax.Uid).ToArray();
        return syntax.IsDeflated ? [.. head, .. RawDicom.Deflate(body)] : [.. head, .. body];
    }

    private static byte[] Inflate(byte[] bytes)
    {
        using var input = new DeflateStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
