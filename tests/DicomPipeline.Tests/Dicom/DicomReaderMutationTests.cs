using System.Buffers.Binary;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// Bad bytes: thousands of seeded, reproducible corruptions of valid files. The reader must return a dataset or throw
/// <see cref="DicomFormatException"/>; a dataset it returns must also write without error.
/// </summary>
public class DicomReaderMutationTests
{
    public static TheoryData<string> Syntaxes => [.. TestData.UncompressedSyntaxes.Select(s => s.Uid), DicomTransferSyntax.JpegBaseline.Uid];

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_TruncatedAtEveryOffset_ReturnsOrThrowsFormatException(string uid)
    {
        var bytes = await ValidFileAsync(uid);

        var failures = new List<string>();
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            await CheckAsync(bytes[..cut], $"truncated at {cut}", failures);
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_RandomByteFlips_ReturnsOrThrowsFormatException(string uid)
    {
        var bytes = await ValidFileAsync(uid);
        var failures = new List<string>();
        for (var seed = 0; seed < 1500; seed++)
        {
            var random = new Random(seed);
            var mutated = (byte[])bytes.Clone();
            var flips = random.Next(1, 5);
            for (var i = 0; i < flips; i++)
            {
                mutated[random.Next(132, mutated.Length)] = (byte)random.Next(256);
            }

            await CheckAsync(mutated, $"flip seed {seed}", failures);
        }

        failures.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task Read_LengthFieldsSetToHostileValues_ReturnsOrThrowsFormatException(string uid)
    {
        var bytes = await ValidFileAsync(uid);
        var syntax = DicomTransferSyntax.FromUid(uid);
        uint[] hostile = [0, 1, 3, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, (uint)bytes.Length, (uint)bytes.Length + 10];
        var failures = new List<string>();

        // Every 4-byte window after the meta may be a length field: overwrite each with each hostile value.
        for (var offset = 132; offset + 4 <= bytes.Length; offset += 2)
        {
            foreach (var value in hostile)
            {
                var mutated = (byte[])bytes.Clone();
                if (syntax.IsBigEndian)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(mutated.AsSpan(offset), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(mutated.AsSpan(offset), value);
                }

                await CheckAsync(mutated, $"length {value:X8} at {offset}", failures);
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Read_GarbageAfterPixelData_ReturnsOrThrowsFormatException()
    {
        var bytes = await ValidFileAsync(DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        var failures = new List<string>();
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            await CheckAsync([.. bytes, .. garbage], $"garbage seed {seed}", failures);
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task Read_WrongTransferSyntaxInMeta_ReturnsOrThrowsFormatException()
    {
        var failures = new List<string>();
        foreach (var written in Syntaxes)
        {
            var file = new DicomFile(TestData.CreateImage(), DicomTransferSyntax.FromUid(written));
            if (file.TransferSyntax.IsEncapsulated)
            {
                continue;
            }

            var bytes = await TestData.ToBytesAsync(file);
            foreach (var claimed in Syntaxes)
            {
                var swapped = SwapTransferSyntax(bytes, written, claimed);
                await CheckAsync(swapped, $"{written} claimed as {claimed}", failures);
            }
        }

        failures.Should().BeEmpty();
    }

    private static byte[] SwapTransferSyntax(byte[] bytes, string from, string to)
    {
        var metaEnd = 144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        var file = DicomFile.ReadAsync(new MemoryStream(bytes[..metaEnd])).GetAwaiter().GetResult();
        file.FileMetaInformation.SetString(new DicomTag(0x00020010), to, DicomVR.UI);
        var meta = new RawDicom();
        foreach (var attribute in file.FileMetaInformation.Where(a => a.Tag.Element != 0))
        {
            var element = (DicomElement)attribute;
            meta.Explicit(element.Tag.Group, element.Tag.Element, element.VR.Code, element.GetBytes().ToArray());
        }

        var metaBytes = meta.ToArray();
        var head = new RawDicom().Bytes(new byte[128]).Bytes("DICM"u8.ToArray())
            .Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)metaBytes.Length)).Bytes(metaBytes).ToArray();
        _ = from;
        return [.. head, .. bytes[metaEnd..]];
    }

    private static async Task<byte[]> ValidFileAsync(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var dataset = TestData.CreateImage(2, 2);
        if (syntax.IsEncapsulated)
        {
            dataset.AddOrUpdate(new DicomFragmentSequence(
                DicomTag.PixelData,
                DicomVR.OB,
                new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
                [new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 0xFF, 0xD8, 1, 2, 0xFF, 0xD9 })]));
        }

        return await TestData.ToBytesAsync(new DicomFile(dataset, syntax));
    }

    private static async Task CheckAsync(byte[] bytes, string what, List<string> failures)
    {
        DicomFile file;
        try
        {
            file = await DicomFile.ReadAsync(new MemoryStream(bytes));
        }
        catch (DicomFormatException ex) when (ex.Offset >= 0)
        {
            return;
        }
        catch (Exception ex) when (failures.Count < 20)
        {
            failures.Add($"{what}: read: {ex.GetType().Name}: {ex.Message}");
            return;
        }

        try
        {
            await file.WriteAsync(Stream.Null);
        }
        catch (InvalidOperationException) when (!DicomTransferSyntax.IsKnown(file.TransferSyntax.Uid))
        {
            // A corrupted transfer syntax UID names an unknown (so encapsulated) syntax over native pixel data: refusing is right.
        }
        catch (Exception ex) when (failures.Count < 20)
        {
            failures.Add($"{what}: write: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
