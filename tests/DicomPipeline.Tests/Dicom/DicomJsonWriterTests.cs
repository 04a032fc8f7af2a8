using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomJsonWriterTests
{
    [Fact]
    public void Serialize_ThePs318F4Example_GivesTheStandardsJson()
    {
        // The study-level example of PS3.18 F.4, built as a dataset and written out by hand as the standard shows it.
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        dataset.SetString(DicomTag.StudyDate, "20130409");
        dataset.SetString(DicomTag.StudyTime, "131600.0000");
        dataset.SetString(DicomTag.AccessionNumber, "11235813");
        dataset.SetString(DicomTag.InstanceAvailability, "ONLINE");
        dataset.SetStrings(DicomTag.ModalitiesInStudy, "CT", "PET");
        dataset.SetString(DicomTag.ReferringPhysicianName, "^Bob^^Dr.");
        dataset.SetString(DicomTag.RetrieveURL, "http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873");
        dataset.SetString(new DicomTag(0x00090010), "Vendor A", DicomVR.LO);
        dataset.SetBytes(new DicomTag(0x00091002), DicomVR.UN, Convert.FromBase64String("z0x9c8v7"));
        dataset.SetString(DicomTag.PatientName, "Wang^XiaoDong=王^小東");
        dataset.SetString(DicomTag.PatientID, "12345");
        dataset.SetString(DicomTag.IssuerOfPatientID, "Hospital A");
        dataset.SetString(DicomTag.PatientBirthDate, "19670701");
        dataset.SetString(DicomTag.PatientSex, "M");
        var other1 = new DicomDataset();
        other1.SetString(DicomTag.PatientID, "54321");
        other1.SetString(DicomTag.IssuerOfPatientID, "Hospital B");
        var other2 = new DicomDataset();
        other2.SetString(DicomTag.PatientID, "24680");
        other2.SetString(DicomTag.IssuerOfPatientID, "Hospital C");
        dataset.AddOrUpdate(new DicomSequence(DicomTag.OtherPatientIDsSequence, other1, other2));
        dataset.SetString(DicomTag.StudyInstanceUID, "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873");
        dataset.SetNumbers(DicomTag.NumberOfStudyRelatedSeries, null, 4);
        dataset.SetNumbers(DicomTag.NumberOfStudyRelatedInstances, null, 942);

        const string Expected = """
            {
              "00080005": { "vr": "CS", "Value": [ "ISO_IR 192" ] },
              "00080020": { "vr": "DA", "Value": [ "20130409" ] },
              "00080030": { "vr": "TM", "Value": [ "131600.0000" ] },
              "00080050": { "vr": "SH", "Value": [ "11235813" ] },
              "00080056": { "vr": "CS", "Value": [ "ONLINE" ] },
              "00080061": { "vr": "CS", "Value": [ "CT", "PET" ] },
              "00080090": { "vr": "PN", "Value": [ { "Alphabetic": "^Bob^^Dr." } ] },
              "00081190": { "vr": "UR", "Value": [ "http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
              "00090010": { "vr": "LO", "Value": [ "Vendor A" ] },
              "00091002": { "vr": "UN", "InlineBinary": "z0x9c8v7" },
              "00100010": { "vr": "PN", "Value": [ { "Alphabetic": "Wang^XiaoDong", "Ideographic": "王^小東" } ] },
              "00100020": { "vr": "LO", "Value": [ "12345" ] },
              "00100021": { "vr": "LO", "Value": [ "Hospital A" ] },
              "00100030": { "vr": "DA", "Value": [ "19670701" ] },
              "00100040": { "vr": "CS", "Value": [ "M" ] },
              "00101002": {
                "vr": "SQ",
                "Value": [
                  { "00100020": { "vr": "LO", "Value": [ "54321" ] }, "00100021": { "vr": "LO", "Value": [ "Hospital B" ] } },
                  { "00100020": { "vr": "LO", "Value": [ "24680" ] }, "00100021": { "vr": "LO", "Value": [ "Hospital C" ] } }
                ]
              },
              "0020000D": { "vr": "UI", "Value": [ "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873" ] },
              "00201206": { "vr": "IS", "Value": [ 4 ] },
              "00201208": { "vr": "IS", "Value": [ 942 ] }
            }
            """;

        var json = DicomJsonWriter.Serialize(dataset);

        using var actual = JsonDocument.Parse(json);
        using var expected = JsonDocument.Parse(Expected);
        JsonElement.DeepEquals(actual.RootElement, expected.RootElement).Should().BeTrue(json);
        actual.RootElement.EnumerateObject().Select(p => p.Name).Should().BeInAscendingOrder(StringComparer.Ordinal);
        json.Should().Contain("王^小東", "non-ASCII text is written as UTF-8, not escaped");
    }

    [Fact]
    public void Serialize_PersonNames_GivesComponentGroupsAndNullForEmptyValues()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        dataset.SetString(DicomTag.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        dataset.SetString(DicomTag.ReferringPhysicianName, "==やまだ^たろう");
        dataset.SetString(DicomTag.OtherPatientNames, "Doe^John\\\\Roe^Jane=");

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00100010").EnumerateArray().Single(),
            """{ "Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう" }""");
        ShouldEqualJson(Value(json, "00080090")[0], """{ "Phonetic": "やまだ^たろう" }""");
        ShouldEqualJson(Value(json, "00101001"),
            """[ { "Alphabetic": "Doe^John" }, null, { "Alphabetic": "Roe^Jane" } ]""");
    }

    [Fact]
    public void Serialize_MultiValuedAndEmptyStrings_FollowF25()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.ImageType, "ORIGINAL\\\\AXIAL ", DicomVR.CS);
        dataset.SetString(DicomTag.PatientID, string.Empty);
        dataset.AddOrUpdate(new DicomElement(DicomTag.AccessionNumber, DicomVR.SH, "  "u8.ToArray()));
        dataset.SetString(DicomTag.ImageComments, "  leading spaces kept  ");

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00080008"), """[ "ORIGINAL", null, "AXIAL" ]""");
        ShouldEqualJson(Attribute(json, "00100020"), """{ "vr": "LO" }""");
        ShouldEqualJson(Attribute(json, "00080050"), """{ "vr": "SH" }""");
        Value(json, "00204000")[0].GetString().Should().Be("  leading spaces kept", "LT keeps leading spaces; only trailing padding goes");
    }

    [Fact]
    public void Serialize_IntegerAndDecimalStrings_AreNumbersUnlessNotNumbers()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SliceThickness, "1.250", DicomVR.DS);
        dataset.SetString(DicomTag.PixelSpacing, ".5\\+2.5E+1", DicomVR.DS);
        dataset.SetString(DicomTag.RescaleIntercept, "abc", DicomVR.DS);
        dataset.SetString(DicomTag.RescaleSlope, "NaN", DicomVR.DS);
        dataset.SetString(DicomTag.InstanceNumber, "+7", DicomVR.IS);
        dataset.SetString(DicomTag.SeriesNumber, "1\\\\-3", DicomVR.IS);

        using var json = Parse(dataset);

        var thickness = Value(json, "00180050")[0];
        thickness.ValueKind.Should().Be(JsonValueKind.Number);
        thickness.GetRawText().Should().Be("1.250", "a DS keeps the digits it has");
        ShouldEqualJson(Value(json, "00280030"), "[ 0.5, 25 ]");
        ShouldEqualJson(Value(json, "00281052"), """[ "abc" ]""");
        ShouldEqualJson(Value(json, "00281053"), """[ "NaN" ]""");
        ShouldEqualJson(Value(json, "00200013"), "[ 7 ]");
        ShouldEqualJson(Value(json, "00200011"), "[ 1, null, -3 ]");
    }

    [Fact]
    public void Serialize_BinaryNumbers_AreJsonNumbers()
    {
        var dataset = new DicomDataset();
        dataset.SetNumbers(DicomTag.Rows, null, (ushort)512);
        dataset.SetNumbers(new DicomTag(0x00281101), DicomVR.US, (ushort)4096, (ushort)0, (ushort)16);
        dataset.SetNumbers(new DicomTag(0x00280106), DicomVR.SS, (short)-2000);
        dataset.SetNumbers(new DicomTag(0x00189219), DicomVR.UL, uint.MaxValue);
        dataset.SetNumbers(new DicomTag(0x00186020), DicomVR.SL, int.MinValue);
        dataset.SetNumbers(new DicomTag(0x00189306), DicomVR.FD, 0.5, -1.25e-3);
        dataset.SetNumbers(new DicomTag(0x00189307), DicomVR.FL, 0.1f);

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00280010"), "[ 512 ]");
        ShouldEqualJson(Value(json, "00281101"), "[ 4096, 0, 16 ]");
        ShouldEqualJson(Value(json, "00280106"), "[ -2000 ]");
        ShouldEqualJson(Value(json, "00189219"), "[ 4294967295 ]");
        ShouldEqualJson(Value(json, "00186020"), "[ -2147483648 ]");
        ShouldEqualJson(Value(json, "00189306"), "[ 0.5, -0.00125 ]");
        Value(json, "00189307")[0].GetRawText().Should().Be("0.1", "an FL is written as the shortest float text");
    }

    [Fact]
    public void Serialize_VeryLongs_AreNumbersWithinDoublePrecisionAndStringsBeyond()
    {
        const long Safe = (1L << 53) - 1;
        var dataset = new DicomDataset();
        dataset.SetNumbers(new DicomTag(0x00101010), DicomVR.UV, 1UL, (ulong)Safe);
        dataset.SetNumbers(new DicomTag(0x00101011), DicomVR.UV, 1UL, ulong.MaxValue);
        dataset.SetNumbers(new DicomTag(0x00101012), DicomVR.SV, -Safe);
        dataset.SetNumbers(new DicomTag(0x00101013), DicomVR.SV, long.MinValue);

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00101010"), "[ 1, 9007199254740991 ]");
        ShouldEqualJson(Value(json, "00101011"), """[ "1", "18446744073709551615" ]""");
        ShouldEqualJson(Value(json, "00101012"), "[ -9007199254740991 ]");
        ShouldEqualJson(Value(json, "00101013"), """[ "-9223372036854775808" ]""");
    }

    [Fact]
    public void Serialize_NonFiniteFloats_AreNamedStrings()
    {
        var dataset = new DicomDataset();
        dataset.SetNumbers(new DicomTag(0x00189306), DicomVR.FD, double.NaN, double.PositiveInfinity, double.NegativeInfinity);

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00189306"), """[ "NaN", "Infinity", "-Infinity" ]""");
    }

    [Fact]
    public void Serialize_AttributeTags_AreEightHexDigits()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomElement(
            new DicomTag(0x00209165), DicomVR.AT, new byte[] { 0x10, 0x00, 0x10, 0x00, 0xE0, 0x7F, 0x10, 0x00 }));

        using var json = Parse(dataset);

        ShouldEqualJson(Value(json, "00209165"), """[ "00100010", "7FE00010" ]""");
    }

    [Fact]
    public void Serialize_BinaryVRs_AreInlineBinaryOfTheLittleEndianValue()
    {
        var dataset = new DicomDataset();
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[] { 0x34, 0x12, 0x78, 0x56 });
        dataset.AddOrUpdate(new DicomElement(new DicomTag(0x00420011), DicomVR.OB, new byte[] { 1, 2, 3 }));
        dataset.SetBytes(new DicomTag(0x00091010), DicomVR.UN, ReadOnlyMemory<byte>.Empty);
        var floats = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(floats, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(4), -2f);
        dataset.SetBytes(new DicomTag(0x00660016), DicomVR.OF, floats);

        using var json = Parse(dataset);

        ShouldEqualJson(Attribute(json, "7FE00010"), """{ "vr": "OW", "InlineBinary": "NBJ4Vg==" }""");
        Attribute(json, "00420011").GetProperty("InlineBinary").GetBytesFromBase64().Should().Equal([1, 2, 3, 0], "a value field has even length");
        ShouldEqualJson(Attribute(json, "00091010"), """{ "vr": "UN" }""");
        Attribute(json, "00660016").GetProperty("InlineBinary").GetBytesFromBase64().Should().Equal(floats);
    }

    [Fact]
    public void Serialize_ValuesLargerThanOneSegment_AreEncodedWhole()
    {
        var bytes = Enumerable.Range(0, (3 << 20) + 6).Select(i => (byte)(i * 13 + (i >> 9))).ToArray();
        var dataset = new DicomDataset();
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OB, bytes);

        using var json = Parse(dataset);

        Attribute(json, "7FE00010").GetProperty("InlineBinary").GetString().Should().Be(Convert.ToBase64String(bytes));
    }

    [Fact]
    public void Serialize_NestedSequences_GiveNestedObjectsEmptyItemsAndNoValueForNoItems()
    {
        var code = new DicomDataset();
        code.SetString(DicomTag.CodeValue, "T-D0050");
        code.SetString(DicomTag.CodeMeaning, "Chest");
        var reference = new DicomDataset();
        reference.SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.3");
        reference.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, code));
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, reference, new DicomDataset()));
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ReferencedStudySequence));

        using var json = Parse(dataset);

        ShouldEqualJson(Attribute(json, "00081140"), """
            {
              "vr": "SQ",
              "Value": [
                {
                  "00081155": { "vr": "UI", "Value": [ "1.2.3" ] },
                  "00082218": {
                    "vr": "SQ",
                    "Value": [
                      {
                        "00080100": { "vr": "SH", "Value": [ "T-D0050" ] },
                        "00080104": { "vr": "LO", "Value": [ "Chest" ] }
                      }
                    ]
                  }
                },
                {}
              ]
            }
            """);
        ShouldEqualJson(Attribute(json, "00081110"), """{ "vr": "SQ" }""");
    }

    [Fact]
    public void Serialize_GroupLengths_AreLeftOutAtEveryLevel()
    {
        var item = new DicomDataset();
        item.SetNumbers(new DicomTag(0x00080000), DicomVR.UL, 10u);
        item.SetString(DicomTag.ReferencedSOPInstanceUID, "1.2.3");
        var dataset = new DicomDataset();
        dataset.SetNumbers(new DicomTag(0x00080000), DicomVR.UL, 99u);
        dataset.SetNumbers(new DicomTag(0x00090000), DicomVR.UL, 0u);
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, item));

        using var json = Parse(dataset);

        json.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("00081140");
        Value(json, "00081140")[0].EnumerateObject().Select(p => p.Name).Should().Equal("00081155");
    }

    [Fact]
    public void Serialize_EncapsulatedPixelData_IsInlineBinaryOfTheItemEncodedValueField()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 0, 0, 0, 0 }),
            [
                new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }),
                new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 0xAA, 0xBB, 0xCC }),
            ]));

        using var json = Parse(dataset);

        byte[] expected =
        [
            0xFE, 0xFF, 0x00, 0xE0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // basic offset table item
            0xFE, 0xFF, 0x00, 0xE0, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xD8, 0xFF, 0xD9, // fragment 1
            0xFE, 0xFF, 0x00, 0xE0, 0x04, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0x00, // fragment 2, padded to even length
            0xFE, 0xFF, 0xDD, 0xE0, 0x00, 0x00, 0x00, 0x00, // sequence delimitation item
        ];
        var attribute = Attribute(json, "7FE00010");
        attribute.GetProperty("vr").GetString().Should().Be("OB");
        attribute.GetProperty("InlineBinary").GetBytesFromBase64().Should().Equal(expected);
    }

    [Fact]
    public async Task WriteAsync_ValuesInTheSourceFile_AreReadAndMatchSerialize()
    {
        var dataset = TestData.CreateImage(rows: 256, columns: 256); // 128 KiB of pixel data: flushed mid-string
        var pixels = ((DicomElement)dataset[DicomTag.PixelData]).GetBytes().ToArray();
        var dir = Directory.CreateTempSubdirectory("json-");
        try
        {
            var path = Path.Combine(dir.FullName, "image.dcm");
            await new DicomFile(dataset).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            ((DicomElement)file.Dataset[DicomTag.PixelData]).IsInSourceFile.Should().BeTrue();

            using var stream = new MemoryStream();
            await DicomJsonWriter.WriteAsync(stream, file.Dataset);
            var streamed = Encoding.UTF8.GetString(stream.ToArray());

            streamed.Should().Be(DicomJsonWriter.Serialize(file.Dataset));
            streamed.Should().Be(DicomJsonWriter.Serialize(dataset), "reading from the file gives what was in memory");
            using var json = JsonDocument.Parse(streamed);
            Attribute(json, "7FE00010").GetProperty("InlineBinary").GetBytesFromBase64().Should().Equal(pixels);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_EncapsulatedFragmentsInTheSourceFile_AreStreamed()
    {
        var dataset = TestData.CreateImage();
        var big = Enumerable.Range(0, 100_001).Select(i => (byte)(i * 31)).ToArray();
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.ItemTag, DicomVR.OB, Array.Empty<byte>()),
            [new DicomElement(DicomTag.ItemTag, DicomVR.OB, big), new DicomElement(DicomTag.ItemTag, DicomVR.OB, new byte[] { 1, 2 })]));
        var inMemory = DicomJsonWriter.Serialize(dataset);
        var dir = Directory.CreateTempSubdirectory("json-");
        try
        {
            var path = Path.Combine(dir.FullName, "image.dcm");
            await new DicomFile(dataset, DicomTransferSyntax.JpegBaseline).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            ((DicomFragmentSequence)file.Dataset[DicomTag.PixelData]).Fragments[0].IsInSourceFile.Should().BeTrue();

            using var stream = new MemoryStream();
            await DicomJsonWriter.WriteAsync(stream, file.Dataset);

            Encoding.UTF8.GetString(stream.ToArray()).Should().Be(inMemory);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_LeavesTheStreamOpen_AndIndentsWhenAsked()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.PatientID, "P1");
        dataset.SetString(DicomTag.PixelSpacing, "1.250\\0.5", DicomVR.DS);
        using var stream = new MemoryStream();

        await DicomJsonWriter.WriteAsync(stream, dataset, new DicomJsonWriterOptions { Indented = true });

        stream.CanWrite.Should().BeTrue();
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        lines.Should().Contain("      1.250,", "numbers are indented like every other value").And.Contain("      0.5");
        DicomJsonWriter.Serialize(dataset).Should().Be("""{"00100020":{"vr":"LO","Value":["P1"]},"00280030":{"vr":"DS","Value":[1.250,0.5]}}""");
    }

    [Fact]
    public async Task WriteAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => DicomJsonWriter.WriteAsync(new MemoryStream(), TestData.CreateImage(), cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task NullArguments_Throw()
    {
        var serialize = () => DicomJsonWriter.Serialize(null!);
        var noStream = () => DicomJsonWriter.WriteAsync(null!, new DicomDataset());
        var noDataset = () => DicomJsonWriter.WriteAsync(new MemoryStream(), null!);

        serialize.Should().Throw<ArgumentNullException>();
        await noStream.Should().ThrowAsync<ArgumentNullException>();
        await noDataset.Should().ThrowAsync<ArgumentNullException>();
    }

    private static JsonDocument Parse(DicomDataset dataset) => JsonDocument.Parse(DicomJsonWriter.Serialize(dataset));

    private static JsonElement Attribute(JsonDocument json, string tag) => json.RootElement.GetProperty(tag);

    private static JsonElement Value(JsonDocument json, string tag) => Attribute(json, tag).GetProperty("Value");

    private static void ShouldEqualJson(JsonElement actual, string expected)
    {
        using var document = JsonDocument.Parse(expected);
        JsonElement.DeepEquals(actual, document.RootElement).Should().BeTrue($"expected {expected} but found {actual.GetRawText()}");
    }
}
