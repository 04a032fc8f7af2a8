using System.Globalization;
using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// A canary in every attribute of PS3.15 Table E.1-1 — at the top level and two levels deep, in UTF-8 and Latin-1,
/// in every uncompressed transfer syntax — and not one may survive in the written bytes of the de-identified file.
/// </summary>
public class EveryProfileAttributeLeakTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var charset in new[] { "ISO_IR 192", "ISO_IR 100" })
            {
                foreach (var syntax in TestData.UncompressedSyntaxes)
                {
                    data.Add(charset, syntax.Uid);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_CanaryInEveryTableAttribute_NoneSurvivesInTheWrittenBytes(string charset, string syntaxUid)
    {
        var syntax = DicomTransferSyntax.FromUid(syntaxUid);
        var canaries = new List<string>();
        var numbers = new List<(DicomTag Tag, bool Nested)>();
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SpecificCharacterSet, charset);
        dataset.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        Plant(dataset, 0, canaries, numbers, nested: false);

        // Two levels deep, inside a sequence the profile keeps (no row of its own), inside an item of an item.
        var keptSequence = KeptSequenceTag();
        var inner = new DicomDataset();
        var middle = new DicomDataset();
        var outer = new DicomSequence(keptSequence, middle);
        dataset.AddOrUpdate(outer);
        var innerSequence = new DicomSequence(keptSequence, inner);
        middle.AddOrUpdate(innerSequence);
        Plant(inner, 5000, canaries, numbers, nested: true);

        var original = await WriteAsync(new DicomFile(dataset, syntax));
        var originalText = ScanText(await WriteAsync(await DicomFile.ReadAsync(new MemoryStream(original)), DicomTransferSyntax.ExplicitVRLittleEndian));
        canaries.Where(c => !originalText.Contains(c, StringComparison.Ordinal)).Should().BeEmpty("the scan must see every canary before de-identification");

        var anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "canary-secret-9f3c1a7e5b2d4068-8e2b6d0c4a" });
        var result = anonymizer.Anonymize(await DicomFile.ReadAsync(new MemoryStream(original)));
        var written = await WriteAsync(result.File);

        // A deflated file is scanned after re-encoding it uncompressed: the canaries would hide in the compressed bytes.
        var readBack = await DicomFile.ReadAsync(new MemoryStream(written));
        var scanned = syntax.IsDeflated
            ? await WriteAsync(readBack, DicomTransferSyntax.ExplicitVRLittleEndian)
            : written;
        var text = ScanText(scanned);
        canaries.Where(c => text.Contains(c, StringComparison.Ordinal)).Should().BeEmpty("no planted value may survive anywhere in the output bytes");

        foreach (var (tag, nested) in numbers)
        {
            var holder = nested ? NestedItem(readBack.Dataset, keptSequence) : readBack.Dataset;
            if (holder is not null && holder.TryGetElement(tag, out var element) && element.Length > 0)
            {
                holder.GetNumberOrDefault(tag, 0.0).Should().NotBe(PlantedNumber, $"{tag} held a planted number");
            }
        }
    }

    private const double PlantedNumber = 4242;

    private static DicomDataset? NestedItem(DicomDataset dataset, DicomTag sequence) =>
        dataset.TryGetSequence(sequence, out var outer) && outer.Items.Count > 0
        && outer.Items[0].TryGetSequence(sequence, out var inner) && inner.Items.Count > 0
            ? inner.Items[0]
            : null;

    private static DicomTag KeptSequenceTag()
    {
        var actions = new ConfidentialityProfileActions(new AnonymizationOptions { Secret = "x-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a" });
        return DicomDictionary.Entries
            .Where(e => !e.IsRetired && !e.IsRepeating && e.ValueRepresentations is [var vr] && vr == DicomVR.SQ)
            .Select(e => e.Tag)
            .First(t => actions.Find(t) is null && t.Group > 0x0008);
    }

    private static void Plant(DicomDataset dataset, int offset, List<string> canaries, List<(DicomTag, bool)> numbers, bool nested)
    {
        var rows = ConfidentialityProfileTable.Rows;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var n = offset + i;
            if (row.IsOddGroupRow)
            {
                dataset.SetString(new DicomTag(0x00110010), "CANARY CREATOR", DicomVR.LO);
                Add(dataset, new DicomTag(0x00111001), DicomVR.LO, n, canaries);
                Add(dataset, new DicomTag(0x00111002), DicomVR.OB, n + 700, canaries);
                continue;
            }

            var group = row.Tag >> 16;
            if (group is 0x0000 or 0x0002 or 0x0004)
            {
                // Command, file meta and DICOMDIR groups: never part of a stored dataset.
                continue;
            }

            var value = row.Tag;
            if (row.Mask != 0xFFFFFFFF)
            {
                // Repeating groups (50xx, 60xx): plant in the second group of the range; a whole-group row gets its data element.
                value = ((group + 2) << 16) | ((row.Mask & 0xFFFF) == 0xFFFF ? row.Tag & 0xFFFF : 0x3000);
            }

            var tag = new DicomTag(value);
            var vr = DicomDictionary.GetDefaultVR(tag);
            if (vr.IsSequence)
            {
                var item = new DicomDataset();
                var sequence = new DicomSequence(tag, item);
                dataset.AddOrUpdate(sequence);
                Add(item, DicomTag.PatientComments, DicomVR.LT, n, canaries);
            }
            else if (vr.IsBinaryNumber)
            {
                if (vr == DicomVR.AT)
                {
                    dataset.AddOrUpdate(new DicomElement(tag, vr, new byte[] { 0x42, 0x42, 0x42, 0x42 }));
                }
                else
                {
                    dataset.SetNumbers(tag, vr, PlantedNumber);
                    numbers.Add((tag, nested));
                }
            }
            else
            {
                Add(dataset, tag, vr, n, canaries);
            }
        }
    }

    private static void Add(DicomDataset dataset, DicomTag tag, DicomVR vr, int n, List<string> canaries)
    {
        var inv = CultureInfo.InvariantCulture;
        string? text = vr.Code switch
        {
            "AE" => string.Create(inv, $"AE{n:D5}CNRY"),
            "AS" => null,
            "CS" => string.Create(inv, $"CNRY{n:D5}"),
            "DA" => new DateOnly(1950, 1, 1).AddDays(n * 3).ToString("yyyyMMdd", inv),
            "DT" => new DateOnly(1950, 1, 1).AddDays(n * 3).ToString("yyyyMMdd", inv) + "101010",
            "TM" => string.Create(inv, $"10{n % 60:D2}{n / 60 % 60:D2}.{n:D6}"),
            "DS" => string.Create(inv, $"{n:D5}.919191"),
            "IS" => string.Create(inv, $"9{n:D5}19191"),
            "UI" => string.Create(inv, $"1.2.826.0.1.3680043.10.999.{n}"),
            "UR" => string.Create(inv, $"http://cnry{n:D5}.example/"),
            "PN" => string.Create(inv, $"CNRÄ{n:D5}^GÏVEN{n:D5}"),
            "LO" or "SH" or "ST" or "LT" or "UT" or "UC" => string.Create(inv, $"CNRÄ{n:D5}X"),
            _ => null,
        };
        if (vr.IsString)
        {
            if (text is null)
            {
                dataset.SetString(tag, "042Y", vr);
                return;
            }

            dataset.SetString(tag, text, vr);
            canaries.Add(text.Split('^')[0]);
            return;
        }

        var bytes = Encoding.ASCII.GetBytes(string.Create(inv, $"BINCNRY{n:D5}X"));
        dataset.AddOrUpdate(new DicomElement(tag, vr, bytes));
        canaries.Add(Encoding.ASCII.GetString(bytes));
    }

    private static async Task<byte[]> WriteAsync(DicomFile file, DicomTransferSyntax? syntax = null)
    {
        using var stream = new MemoryStream();
        await file.WriteAsync(stream, new DicomWriteOptions { TransferSyntax = syntax });
        return stream.ToArray();
    }

    private static string ScanText(byte[] bytes) => Encoding.UTF8.GetString(bytes) + "\n" + Encoding.Latin1.GetString(bytes);
}
