using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Anonymization;
using DicomPipeline.Tests.Anonymization.Sweep;
using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

/// <summary>
/// Identifiers of the instance planted where no table lists them (code meanings, LUT and window explanations, the bytes
/// of AT values, binary values as UTF-16BE, dates spelled out, an ID's digit run in a number, a name in a kept attribute,
/// an instance UID in a "class UID" attribute): verify, given the planted file as both original and output (the input
/// copied unchanged), must name each planted place as a match of an original value.
/// </summary>
public sealed class DeidentificationVerifierPlantedTests : IDisposable
{
    // The planted instance's own identifiers.
    private const string PatientName = "Müller-Lüdenscheidt^Hans Peter^Karl=山田^太郎=やまだ^たろう";
    private const string PatientId = "AB12-3456789";
    private const string BirthDate = "19610302";
    private const string ReferringPhysician = "O'Brien^Siobhan";
    private const string StudyUid = "1.2.826.0.1.3680043.9.7777.1.20240517.1";
    private const string SeriesUid = "1.2.826.0.1.3680043.9.7777.2.20240517.1";
    private const string InstanceUid = "1.2.826.0.1.3680043.9.7777.3.20240517.1";

    private static readonly DicomTag Private = new(0x00290010);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verify-planted-");

    public static TheoryData<string, string> Cases => new()
    {
        // Name parts in code meanings, at any depth.
        { "code meaning: a hyphenated part of the family name", "(0040,A043)[1]/(0008,0104)" },
        { "code meaning: the given name in a nested code", "(0040,A730)[1]/(0040,A168)[1]/(0008,0104)" },
        { "code meaning: the family name without its accents", "(0008,2218)[1]/(0008,0104)" },
        { "code meaning: the family name with umlauts spelled out", "(0008,1032)[1]/(0008,0104)" },
        { "code meaning: the ideographic given name", "(0040,0260)[1]/(0008,0104)" },
        { "code meaning: the referring physician's names in another order", "(0018,0026)[1]/(0008,0104)" },

        // LUT and window explanations.
        { "window explanation: the given name among other values", "(0028,1055)" },
        { "window explanation: the middle name", "(0028,3110)[1]/(0028,1055)" },
        { "LUT explanation: the family name", "(0028,3010)[1]/(0028,3003)" },
        { "modality LUT explanation: a part of the physician's name", "(0028,3000)[1]/(0028,3003)" },
        { "window explanation: the phonetic family name", "(0028,3110)[2]/(0028,1055)" },

        // The bytes of AT values, read as text.
        { "AT bytes: the given name", "(0028,0009)" },
        { "AT bytes: the middle name over two tags", "(0020,9222)[1]/(0020,9165)" },
        { "AT bytes: the family name over two tags", "(0072,0026)" },
        { "AT bytes: the given name with each half swapped", "(0020,9222)[2]/(0020,9165)" },
        { "AT bytes: the ID's digit run", "(0018,9337)" },

        // Binary values as UTF-16BE.
        { "UTF-16BE in a private OB: the full name", "(0029,1010)" },
        { "UTF-16BE in an ICC profile at an odd offset: a part of the family name", "(0028,2000)" },
        { "UTF-16BE in an encapsulated document: the patient ID", "(0042,0011)" },
        { "UTF-16BE in a private UN: the birth date", "(0029,1011)" },
        { "UTF-16BE in a private OW: the ideographic name", "(0029,1012)" },

        // Dates in other spellings.
        { "date: 2. März 1961", "(0020,4000)" },
        { "date: March 2nd, 1961", "(0008,1030)" },
        { "date: 2 mars 1961", "(0008,103E)" },
        { "date: 03/02/61", "(0008,2111)" },
        { "date: 1961-Mar-02 in a nested text", "(0040,A730)[2]/(0040,A160)" },
        { "date: 2.3.1961", "(0018,1030)" },

        // An ID's digit run on its own, in values that are not text.
        { "digit run in a CS", "(0018,0015)" },
        { "digit run in a CS among other values", "(0008,0008)" },
        { "digit run in an IS", "(0020,0013)" },
        { "digit run in a DS", "(0018,0050)" },
        { "digit run in a code value", "(0040,A043)[2]/(0008,0100)" },
        { "digit run in an AE", "(0008,0054)" },

        // A name in an attribute kept as descriptive.
        { "name in Manufacturer", "(0008,0070)" },
        { "name in ManufacturerModelName", "(0008,1090)" },
        { "name in SoftwareVersions", "(0018,1020)" },
        { "name in StationName's neighbour DeviceDescription", "(0050,0020)" },
        { "name in a nested BodyPartExamined", "(0040,0275)[1]/(0018,0015)" },

        // A UID of the instance in a "class UID" attribute.
        { "class UID: the SOP Instance UID as a Referenced SOP Class UID", "(0008,1140)[1]/(0008,1150)" },
        { "class UID: the Study Instance UID as the SOP Class UID", "(0008,0016)" },
        { "class UID: the Series Instance UID in a source image reference", "(0008,2112)[1]/(0008,1150)" },
        { "class UID: the ID's digit run as a UID component", "(0008,1115)[1]/(0008,1150)" },
        { "class UID: the SOP Instance UID in Referenced SOP Class UID In File", "(0004,1510)" },
    };

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task VerifyFileAsync_IdentifierPlantedInTheInputCopiedUnchanged_NamesThePlantedPlace(string plant, string expectedPath)
    {
        var (original, output, root) = await WriteAsync(plant);

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        findings.Should().Contain(f => f.TagPath == expectedPath && f.OriginalAttribute != null,
            "'{0}' is planted there; found: {1}", plant, string.Join("; ", findings.Select(f => f.TagPath + " " + f.Kind)));
    }

    /// <summary>
    /// The anonymizer's own planted corpus (<see cref="PlantedIdentifierCorpus"/>), every case by name. Cases that plant
    /// no whole identifier of the instance (four bytes of a name or a date in an AT value, "MULL", "1965"; a word a VR
    /// does not allow, "Mullerx" in a DS) are named for their form: a tag that is none, a value its VR forbids.
    /// </summary>
    public static TheoryData<string> AnonymizerPlantedCases => [.. PlantedIdentifierCorpus.Cases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(AnonymizerPlantedCases))]
    public async Task VerifyFileAsync_AnonymizerPlantedCaseCopiedUnchanged_NamesThePlantedPlace(string caseName)
    {
        // Cross check: verify's own matching, run over the corpus the anonymizer's sweep is tested with, input copied
        // unchanged to the output, must find every planted place without knowing the anonymizer's needles.
        var planted = PlantedIdentifierCorpus.Cases().Single(c => c.Name == caseName);
        var dataset = PlantedIdentifierCorpus.Base();
        planted.Plant(dataset);
        var (original, output, root) = await WriteAsync(dataset);

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        var place = planted.Place.ToString();
        findings.Should().Contain(
            f => (f.TagPath == place || f.TagPath.StartsWith(place + "[", StringComparison.Ordinal))
                && (f.OriginalAttribute != null || f.Kind == OutputScanner.InvalidForVrKind || f.Kind == OutputScanner.UnknownTagKind),
            "'{0}' is planted in {1}; found: {2}", caseName, place, string.Join("; ", findings.Select(f => f.TagPath + " " + f.Kind)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task VerifyFileAsync_VerifyPlantedCaseAnonymized_FindsNoOriginalValue(string plant, string expectedPath)
    {
        // Cross check the other way: the anonymizer, run over verify's planted corpus (basic and strict), must leave
        // nothing verify recognises as a value of the original.
        foreach (var policy in new[] { AnonymizationPolicy.Basic, AnonymizationPolicy.Strict })
        {
            var dataset = CreateInstance(plant);
            var (original, _, root) = await WriteAsync(dataset);
            var result = AnonymizationTestData.Anonymize(DicomFile.Open(original).Dataset, o => o.Policy = policy);
            var output = Path.Combine(root, "one.dcm");
            await result.File.SaveAsync(output);

            var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

            findings.Where(f => f.OriginalAttribute != null).Should().BeEmpty(
                "'{0}' (planted at {1}) must not survive under {2}; found: {3}",
                plant, expectedPath, policy, string.Join("; ", findings.Select(f => f.TagPath + " " + f.Kind + " " + f.OriginalAttribute)));
        }
    }

    [Fact]
    public async Task VerifyFileAsync_InstanceWithoutPlants_FlagsOnlyTheAttributesThatHoldTheIdentifiers()
    {
        // The control: with nothing planted, none of the planted places is named, so each case above is found for
        // what was planted, not for what the instance already held there.
        var (original, output, root) = await WriteAsync(plant: null);

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, original, root);

        var planted = Cases.Select(c => (string)c[1]).ToHashSet();
        findings.Where(f => planted.Contains(f.TagPath)).Should().BeEmpty();
    }

    [Fact]
    public async Task VerifyFileAsync_OriginalThatCannotBeRead_SaysSo()
    {
        var (_, output, root) = await WriteAsync(plant: null);
        var broken = Path.Combine(_root.FullName, "broken.dcm");
        await File.WriteAllTextAsync(broken, "not a DICOM file");

        var findings = await new DeidentificationVerifier().VerifyFileAsync(output, broken, root);

        findings.Should().Contain(f => f.Kind == OutputFileScan.UnreadableOriginalKind && f.TagPath.Length == 0);
    }

    private static DicomElement Text(DicomTag tag, DicomVR vr, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return new DicomElement(tag, vr, bytes.Length % 2 == 0 ? bytes : [.. bytes, vr == DicomVR.UI ? (byte)0 : (byte)' ']);
    }

    private static DicomDataset Item(params DicomElement[] elements) => new(elements);

    private static DicomDataset Code(string value, string meaning) => Item(
        Text(DicomTag.CodeValue, DicomVR.SH, value), Text(DicomTag.CodingSchemeDesignator, DicomVR.SH, "99TEST"), Text(DicomTag.CodeMeaning, DicomVR.LO, meaning));

    private static byte[] Blob(string text, Encoding encoding, int offset)
    {
        var blob = new byte[256];
        new Random(offset).NextBytes(blob);
        var bytes = encoding.GetBytes(text);
        blob[offset - 1] = 0;
        bytes.CopyTo(blob, offset);
        blob[offset + bytes.Length] = 0;
        return blob;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static void Plant(DicomDataset ds, string plant)
    {
        var be = Encoding.BigEndianUnicode;
        var sequence = (DicomTag tag, DicomDataset[] items) => ds.AddOrUpdate(new DicomSequence(tag, items));
        switch (plant)
        {
            case "code meaning: a hyphenated part of the family name":
                sequence(DicomTag.ConceptNameCodeSequence, [Code("T1", "Lüdenscheidt")]);
                break;
            case "code meaning: the given name in a nested code":
                sequence(DicomTag.ContentSequence, [Item(Text(DicomTag.ValueType, DicomVR.CS, "CODE")).AddOrUpdate(new DicomSequence(DicomTag.ConceptCodeSequence, Code("T2", "seen by hans")))]);
                break;
            case "code meaning: the family name without its accents":
                sequence(DicomTag.AnatomicRegionSequence, [Code("T3", "MULLER region")]);
                break;
            case "code meaning: the family name with umlauts spelled out":
                sequence(DicomTag.ProcedureCodeSequence, [Code("T4", "Mueller protocol")]);
                break;
            case "code meaning: the ideographic given name":
                sequence(DicomTag.PerformedProtocolCodeSequence, [Code("T5", "太郎")]);
                break;
            case "code meaning: the referring physician's names in another order":
                sequence(new DicomTag(0x00180026), [Code("T6", "Siobhan OBrien")]);
                break;

            case "window explanation: the given name among other values":
                ds.AddOrUpdate(Text(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "SOFT\\PETER"));
                break;
            case "window explanation: the middle name":
                sequence(new DicomTag(0x00283110), [Item(Text(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "Karl's window"))]);
                break;
            case "LUT explanation: the family name":
                sequence(new DicomTag(0x00283010), [Item(Text(new DicomTag(0x00283003), DicomVR.LO, "for Müller-Lüdenscheidt"))]);
                break;
            case "modality LUT explanation: a part of the physician's name":
                sequence(new DicomTag(0x00283000), [Item(Text(new DicomTag(0x00283003), DicomVR.LO, "LUT of Dr Brien"))]);
                break;
            case "window explanation: the phonetic family name":
                sequence(new DicomTag(0x00283110), [Item(Text(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "W1")), Item(Text(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, "やまだ"))]);
                break;

            case "AT bytes: the given name":
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00280009), DicomVR.AT, Ascii("HANS")));
                break;
            case "AT bytes: the middle name over two tags":
                sequence(new DicomTag(0x00209222), [Item(new DicomElement(new DicomTag(0x00209165), DicomVR.AT, Ascii("\0KARL\0\0\0")))]);
                break;
            case "AT bytes: the family name over two tags":
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00720026), DicomVR.AT, Ascii("MULLER\0\0")));
                break;
            case "AT bytes: the given name with each half swapped":
                sequence(new DicomTag(0x00209222), [Item(new DicomElement(new DicomTag(0x00209165), DicomVR.AT, Ascii("\0\0\0\0"))), Item(new DicomElement(new DicomTag(0x00209165), DicomVR.AT, Ascii("EPET\0R\0\0")))]);
                break;
            case "AT bytes: the ID's digit run":
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00189337), DicomVR.AT, Ascii("3456789\0")));
                break;

            case "UTF-16BE in a private OB: the full name":
                ds.AddOrUpdate(Text(Private, DicomVR.LO, "PLANT VENDOR"));
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00291010), DicomVR.OB, Blob("Hans Müller", be, 40)));
                break;
            case "UTF-16BE in an ICC profile at an odd offset: a part of the family name":
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00282000), DicomVR.OB, Blob("desc Lüdenscheidt", be, 61)));
                break;
            case "UTF-16BE in an encapsulated document: the patient ID":
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00420011), DicomVR.OB, Blob("ID AB12-3456789", be, 100)));
                break;
            case "UTF-16BE in a private UN: the birth date":
                ds.AddOrUpdate(Text(Private, DicomVR.LO, "PLANT VENDOR"));
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00291011), DicomVR.UN, Blob("DOB 02.03.1961", be, 20)));
                break;
            case "UTF-16BE in a private OW: the ideographic name":
                ds.AddOrUpdate(Text(Private, DicomVR.LO, "PLANT VENDOR"));
                ds.AddOrUpdate(new DicomElement(new DicomTag(0x00291012), DicomVR.OW, Blob("山田", be, 80)));
                break;

            case "date: 2. März 1961":
                ds.AddOrUpdate(Text(DicomTag.ImageComments, DicomVR.LT, "geboren am 2. März 1961"));
                break;
            case "date: March 2nd, 1961":
                ds.AddOrUpdate(Text(DicomTag.StudyDescription, DicomVR.LO, "DOB March 2nd, 1961"));
                break;
            case "date: 2 mars 1961":
                ds.AddOrUpdate(Text(DicomTag.SeriesDescription, DicomVR.LO, "né le 2 mars 1961"));
                break;
            case "date: 03/02/61":
                ds.AddOrUpdate(Text(new DicomTag(0x00082111), DicomVR.ST, "born 03/02/61"));
                break;
            case "date: 1961-Mar-02 in a nested text":
                sequence(DicomTag.ContentSequence, [Item(Text(DicomTag.ValueType, DicomVR.CS, "TEXT")), Item(Text(DicomTag.ValueType, DicomVR.CS, "TEXT"), Text(DicomTag.TextValue, DicomVR.UT, "1961-Mar-02"))]);
                break;
            case "date: 2.3.1961":
                ds.AddOrUpdate(Text(new DicomTag(0x00181030), DicomVR.LO, "Protocol 2.3.1961"));
                break;

            case "digit run in a CS":
                ds.AddOrUpdate(Text(DicomTag.BodyPartExamined, DicomVR.CS, "3456789"));
                break;
            case "digit run in a CS among other values":
                ds.AddOrUpdate(Text(new DicomTag(0x00080008), DicomVR.CS, "ORIGINAL\\PRIMARY\\X3456789"));
                break;
            case "digit run in an IS":
                ds.AddOrUpdate(Text(new DicomTag(0x00200013), DicomVR.IS, "3456789"));
                break;
            case "digit run in a DS":
                ds.AddOrUpdate(Text(new DicomTag(0x00180050), DicomVR.DS, "3456789.5"));
                break;
            case "digit run in a code value":
                sequence(DicomTag.ConceptNameCodeSequence, [Code("T1", "Finding"), Code("3456789", "Finding")]);
                break;
            case "digit run in an AE":
                ds.AddOrUpdate(Text(new DicomTag(0x00080054), DicomVR.AE, "PACS3456789"));
                break;

            case "name in Manufacturer":
                ds.AddOrUpdate(Text(DicomTag.Manufacturer, DicomVR.LO, "Müller"));
                break;
            case "name in ManufacturerModelName":
                ds.AddOrUpdate(Text(DicomTag.ManufacturerModelName, DicomVR.LO, "Siobhan 3000"));
                break;
            case "name in SoftwareVersions":
                ds.AddOrUpdate(Text(new DicomTag(0x00181020), DicomVR.LO, "v1\\Lüdenscheidt"));
                break;
            case "name in StationName's neighbour DeviceDescription":
                ds.AddOrUpdate(Text(new DicomTag(0x00500020), DicomVR.LO, "KARL"));
                break;
            case "name in a nested BodyPartExamined":
                sequence(new DicomTag(0x00400275), [Item(Text(DicomTag.BodyPartExamined, DicomVR.CS, "HANS PETER"))]);
                break;

            case "class UID: the SOP Instance UID as a Referenced SOP Class UID":
                sequence(new DicomTag(0x00081140), [Item(Text(new DicomTag(0x00081150), DicomVR.UI, InstanceUid), Text(new DicomTag(0x00081155), DicomVR.UI, "2.25.1"))]);
                break;
            case "class UID: the Study Instance UID as the SOP Class UID":
                ds.AddOrUpdate(Text(new DicomTag(0x00080016), DicomVR.UI, StudyUid));
                break;
            case "class UID: the Series Instance UID in a source image reference":
                sequence(new DicomTag(0x00082112), [Item(Text(new DicomTag(0x00081150), DicomVR.UI, SeriesUid))]);
                break;
            case "class UID: the ID's digit run as a UID component":
                sequence(new DicomTag(0x00081115), [Item(Text(new DicomTag(0x00081150), DicomVR.UI, "1.2.840.10008.3456789"))]);
                break;
            case "class UID: the SOP Instance UID in Referenced SOP Class UID In File":
                ds.AddOrUpdate(Text(new DicomTag(0x00041510), DicomVR.UI, InstanceUid));
                break;
            default:
                throw new ArgumentException("unknown plant " + plant, nameof(plant));
        }
    }

    private Task<(string Original, string Output, string Root)> WriteAsync(string? plant) => WriteAsync(CreateInstance(plant));

    private static DicomDataset CreateInstance(string? plant)
    {
        var dataset = new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8 })
            .CreateDatasets().First();
        // The synthesizer writes its own patient's name into the image comments; the planted instance has its own.
        dataset.Remove(DicomTag.ImageComments);
        dataset.AddOrUpdate(Text(new DicomTag(0x00080005), DicomVR.CS, "ISO_IR 192"));
        dataset.AddOrUpdate(Text(DicomTag.PatientName, DicomVR.PN, PatientName));
        dataset.AddOrUpdate(Text(DicomTag.PatientID, DicomVR.LO, PatientId));
        dataset.AddOrUpdate(Text(DicomTag.PatientBirthDate, DicomVR.DA, BirthDate));
        dataset.AddOrUpdate(Text(DicomTag.ReferringPhysicianName, DicomVR.PN, ReferringPhysician));
        dataset.AddOrUpdate(Text(DicomTag.StudyInstanceUID, DicomVR.UI, StudyUid));
        dataset.AddOrUpdate(Text(DicomTag.SeriesInstanceUID, DicomVR.UI, SeriesUid));
        dataset.AddOrUpdate(Text(DicomTag.SOPInstanceUID, DicomVR.UI, InstanceUid));
        if (plant is not null)
        {
            Plant(dataset, plant);
        }

        return dataset;
    }

    private async Task<(string Original, string Output, string Root)> WriteAsync(DicomDataset dataset)
    {
        var input = Directory.CreateDirectory(Path.Combine(_root.FullName, "in")).FullName;
        var root = Directory.CreateDirectory(Path.Combine(_root.FullName, "out")).FullName;
        var original = Path.Combine(input, "one.dcm");
        await new DicomFile(dataset).SaveAsync(original);
        var output = Path.Combine(root, "one.dcm");
        File.Copy(original, output, overwrite: true);
        return (original, output, root);
    }
}
