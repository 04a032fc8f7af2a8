using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// The numbered failures of issue 12 ("Safe by default"), each built here as an attacker would build the file: every
/// test failed on the engine that applied Table E.1-1 alone.
/// </summary>
public sealed class SafeByDefaultTests
{
    private static readonly PseudonymGenerator Pseudonyms = new(Secret);
    private static readonly DicomTag AcquisitionComments = new(0x00184000);

    [Fact]
    public async Task Failure1_ElementsTheDictionaryDoesNotKnow_Removed()
    {
        const string hiddenUid = "1.2.826.0.1.3680043.99.66.1";
        var item = ImplicitItem(
            ImplicitElement(0x0010, 0x0010, "DOE^JOHN"),
            ImplicitElement(0x0008, 0x0018, hiddenUid + "\0"));
        var source = CreateInstance();
        source.AddOrUpdate(new DicomElement(new DicomTag(0x0010FF10), DicomVR.UN, Encoding.ASCII.GetBytes("DOE^JOHN")));
        source.SetString(new DicomTag(0x0EEE0010), "DOE^JOHN LO", DicomVR.LO);
        source.SetString(new DicomTag(0x60200022), "DOE^JOHN 6020", DicomVR.LO);
        source.SetString(new DicomTag(0x50200022), "DOE^JOHN 5020", DicomVR.LO);
        source.AddOrUpdate(new DicomElement(new DicomTag(0x0EEE1000), DicomVR.UN, item));

        // A public sequence written as UN: taken back as the sequence it is, and de-identified inside.
        source.AddOrUpdate(new DicomElement(DicomTag.AnatomicRegionSequence, DicomVR.UN, item));

        var result = Anonymize(source);
        var bytes = await ToBytesAsync(result.File);

        FindIn(bytes, ["DOE^JOHN", "JOHN", hiddenUid]).Should().BeEmpty();
        result.Dataset.Select(a => a.Tag.Value).Should().NotContain([0x0010FF10u, 0x0EEE0010u, 0x60200022u, 0x50200022u, 0x0EEE1000u]);
        result.Dataset.TryGetSequence(DicomTag.AnatomicRegionSequence, out var region).Should().BeTrue("a known UN sequence is re-read");
        region!.Items.Should().ContainSingle().Which.GetString(DicomTag.SOPInstanceUID).Should().Be(Pseudonyms.Uid(hiddenUid));
    }

    [Fact]
    public async Task Failure3_UidsTheTableDoesNotList_RemappedAndStandardRootNoLongerExempt()
    {
        var source = CreateInstance(sopUid: "1.2.840.10008.99.1.2.3");
        var others = new (DicomTag Tag, string Uid)[]
        {
            (DicomTag.MultiFrameSourceSOPInstanceUID, "1.2.826.0.1.3680043.99.3.1"),
            (DicomTag.SOPInstanceUIDOfConcatenationSource, "1.2.826.0.1.3680043.99.3.2"),
            (DicomTag.TargetFrameOfReferenceUID, "1.2.826.0.1.3680043.99.3.3"),
            (DicomTag.VolumeFrameOfReferenceUID, "1.2.826.0.1.3680043.99.3.4"),
            (DicomTag.TableFrameOfReferenceUID, "1.2.826.0.1.3680043.99.3.5"),
            (DicomTag.EquipmentFrameOfReferenceUID, "1.2.826.0.1.3680043.99.3.6"),
            (DicomTag.RadiopharmaceuticalAdministrationEventUID, "1.2.826.0.1.3680043.99.3.7"),
            (DicomTag.AssertionUID, "1.2.826.0.1.3680043.99.3.8"),
            (DicomTag.ReferencedFiducialUID, "1.2.826.0.1.3680043.99.3.9"),
            (new DicomTag(0x0040A021), "1.2.826.0.1.3680043.99.3.10"),
        };
        foreach (var (tag, uid) in others)
        {
            source.SetString(tag, uid, DicomVR.UI);
        }

        source.SetString(DicomTag.RetrieveURL, "https://pacs.example/studies/" + StudyUid, DicomVR.UR);
        source.SetString(DicomTag.ImageComments, "see study " + StudyUid, DicomVR.LT);

        var result = Anonymize(source, o => o.CleanDescriptors = true);
        var ds = result.Dataset;

        ds.GetString(DicomTag.SOPInstanceUID).Should().Be(Pseudonyms.Uid("1.2.840.10008.99.1.2.3"));
        foreach (var (tag, uid) in others)
        {
            ds.GetString(tag).Should().Be(Pseudonyms.Uid(uid), "{0} is an instance's identity", tag);
        }

        ds.GetString(DicomTag.SOPClassUID).Should().Be(CtImageStorage);
        ds.GetString(DicomTag.ImageComments).Should().Be("see study " + Pseudonyms.Uid(StudyUid));
        FindIn(await ToBytesAsync(result.File), [StudyUid, "1.2.840.10008.99.1.2.3", .. others.Select(o => o.Uid)]).Should().BeEmpty();
    }

    [Fact]
    public async Task Failure4_PeopleDatesAndFreeTextOutsideTheTable_NotKept()
    {
        var source = CreateInstance();
        source.SetString(DicomTag.SecondaryReviewerName, "Reviewer^Rita", DicomVR.PN);
        source.SetString(DicomTag.EvaluatorName, "Evaluator^Eve", DicomVR.PN);
        source.SetString(DicomTag.ContactDisplayName, "Contact Carl", DicomVR.LO);
        source.SetString(DicomTag.ContactURI, "mailto:carl@example.org", DicomVR.UR);
        source.SetString(DicomTag.PatientBirthDateInAlternativeCalendar, "1343/09/18", DicomVR.LO);
        source.SetString(DicomTag.PatientDeathDateInAlternativeCalendar, "1402/01/01", DicomVR.LO);
        source.SetString(DicomTag.StudyUpdateDateTime, "20240131101500", DicomVR.DT);
        source.SetString(DicomTag.TextValue, "Patient seen by Carl", DicomVR.UT);
        source.SetString(DicomTag.CommentsOnTheScheduledProcedureStep, "call Rita on 555-0199", DicomVR.LT);
        source.SetString(DicomTag.DocumentTitle, "Letter to Eve", DicomVR.ST);

        var bytes = await ToBytesAsync(Anonymize(source).File);

        FindIn(bytes, ["Rita", "Eve", "Carl", "carl@example.org", "1343/09/18", "1402/01/01", "20240131101500", "555-0199"])
            .Should().BeEmpty();
    }

    [Fact]
    public async Task Failure5_WrongVRs_JudgedByTheDictionaryVR()
    {
        var dated = CreateInstance();
        dated.SetString(DicomTag.StudyDate, "20240131", DicomVR.LO);
        dated.SetString(DicomTag.SeriesDate, "20240130", DicomVR.TM);
        dated.SetString(DicomTag.AcquisitionDate, "20240129", DicomVR.SH);

        var shifted = Anonymize(dated, o => o.RetainLongitudinalModifiedDates = true);

        FindIn(await ToBytesAsync(shifted.File), ["20240131", "20240130", "20240129"]).Should().BeEmpty();
        var days = Pseudonyms.DateShiftDays("PID-4711");
        shifted.Dataset[DicomTag.StudyDate].VR.Should().Be(DicomVR.DA);
        shifted.Dataset.GetDate(DicomTag.StudyDate).Should().Be(new DateOnly(2024, 1, 31).AddDays(days));

        var described = CreateInstance();
        described.SetBytes(DicomTag.StudyDescription, DicomVR.FD, Encoding.ASCII.GetBytes("MRN98765"));
        described.SetBytes(DicomTag.ProtocolName, DicomVR.AT, Encoding.ASCII.GetBytes("JDOE"));
        described.SetBytes(DicomTag.ImageComments, DicomVR.SL, Encoding.ASCII.GetBytes("KDOE"));

        var cleaned = Anonymize(described, o => o.CleanDescriptors = true);

        FindIn(await ToBytesAsync(cleaned.File), ["MRN98765", "JDOE", "KDOE"]).Should().BeEmpty();
    }

    [Fact]
    public async Task Failure6_OverlaysAndCurves_HandledAsWholePlanes()
    {
        var planeWithoutData = CreateInstance();
        planeWithoutData.SetNumbers(new DicomTag(0x60020010), DicomVR.US, (ushort)2);
        planeWithoutData.SetString(new DicomTag(0x60020022), "Doe^John", DicomVR.LO);
        planeWithoutData.SetString(new DicomTag(0x60021500), "Doe^John", DicomVR.LO);

        var basic = Anonymize(planeWithoutData).Dataset;

        basic.Where(a => a.Tag.Group == 0x6002).Should().BeEmpty("a plane without its data is removed whole");

        var graphics = CreateInstance();
        graphics.SetString(new DicomTag(0x60000022), "Overlay of Müller", DicomVR.LO);
        graphics.SetString(new DicomTag(0x60001500), "Müller", DicomVR.LO);
        graphics.SetString(new DicomTag(0x60004000), "Müller drew this", DicomVR.LT);
        graphics.SetString(new DicomTag(0x50000022), "Curve of Müller", DicomVR.LO);
        graphics.SetString(new DicomTag(0x50002500), "Müller", DicomVR.LO);

        var result = Anonymize(graphics, o => o.CleanGraphics = true);

        FindIn(await ToBytesAsync(result.File), ["Müller"]).Should().BeEmpty();
        foreach (var group in result.Dataset.Select(a => a.Tag.Group).Where(g => g >> 8 is 0x50 or 0x60).Distinct())
        {
            result.Dataset.Contains(new DicomTag(group, 0x3000)).Should().BeTrue("a plane kept keeps its data ({0:X4})", group);
        }

        result.Dataset.Contains(new DicomTag(0x60003000)).Should().BeTrue("clean graphics keeps the overlay");
    }

    [Fact]
    public void Failure7_CleanMatchesIdentifiersWrittenDifferently()
    {
        var source = new DicomDataset();
        source.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        source.SetString(DicomTag.SOPClassUID, CtImageStorage);
        source.SetString(DicomTag.SOPInstanceUID, SopUid);
        source.SetString(DicomTag.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        source.SetString(DicomTag.PatientID, "MRN-1234567");
        source.SetString(DicomTag.PatientBirthDate, "19700102");
        source.SetString(DicomTag.StudyDescription, "CT 山田 head");
        source.SetString(DicomTag.SeriesDescription, "MRN 1234567 follow-up");
        source.SetString(DicomTag.ImageComments, "born 1970-01-02");
        source.SetString(DicomTag.ProtocolName, "routine 02.01.1970");
        source.SetString(AcquisitionComments, "record 1234567");

        var ds = Anonymize(source, o => o.CleanDescriptors = true).Dataset;

        foreach (var tag in new[] { DicomTag.StudyDescription, DicomTag.SeriesDescription, DicomTag.ImageComments, DicomTag.ProtocolName, AcquisitionComments })
        {
            (ds.GetString(tag) ?? string.Empty).Should().BeEmpty("{0} repeats an identifier", tag);
        }
    }

    [Fact]
    public void Failure8_PatientIdWithLeadingSpace_SamePseudonymAndDateShift()
    {
        var spaced = Anonymize(CreateInstance(patientId: " PAT23"), o => o.RetainLongitudinalModifiedDates = true).Dataset;
        var plain = Anonymize(CreateInstance(patientId: "PAT23"), o => o.RetainLongitudinalModifiedDates = true).Dataset;

        spaced.GetString(DicomTag.PatientID).Should().Be(plain.GetString(DicomTag.PatientID));
        spaced.GetString(DicomTag.PatientName).Should().Be(plain.GetString(DicomTag.PatientName));
        spaced.GetString(DicomTag.StudyDate).Should().Be(plain.GetString(DicomTag.StudyDate));
    }

    [Theory]
    [InlineData(0x00280301u, "YES\\NO")]
    [InlineData(0x00280301u, "\0YES")]
    [InlineData(0x00280301u, "yes")]
    [InlineData(0x00280301u, "NO\\YES ")]
    [InlineData(0x00280302u, "YES")]
    public void Failure9_BurnedInOrRecognizable_HeldBack(uint tag, string value)
    {
        var source = CreateInstance();
        source.AddOrUpdate(new DicomElement(new DicomTag(tag), DicomVR.CS, Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " ")));

        Anonymize(source).IsHeldBack.Should().BeTrue();
        Anonymize(source, o => o.AllowBurnedInAnnotation = true).IsHeldBack.Should().BeFalse();
    }

    [Fact]
    public void Failure10_SequencesStayValid_AndEmptyType2StaysEmpty()
    {
        const string stepUid = "1.2.826.0.1.3680043.99.10.1";
        const string stepClass = "1.2.840.10008.3.1.2.3.3";
        var source = CreateInstance();
        var step = new DicomDataset();
        step.SetString(DicomTag.ReferencedSOPClassUID, stepClass);
        step.SetString(DicomTag.ReferencedSOPInstanceUID, stepUid);
        source.AddOrUpdate(new DicomSequence(DicomTag.ReferencedPerformedProcedureStepSequence, step));
        var concept = new DicomDataset();
        concept.SetString(DicomTag.CodeValue, "121071");
        concept.SetString(DicomTag.CodingSchemeDesignator, "DCM");
        concept.SetString(DicomTag.CodeMeaning, "Finding");
        var text = new DicomDataset();
        text.SetString(DicomTag.RelationshipType, "CONTAINS");
        text.SetString(DicomTag.ValueType, "TEXT");
        text.AddOrUpdate(new DicomSequence(DicomTag.ConceptNameCodeSequence, concept));
        text.SetString(DicomTag.TextValue, "Seen by Dr Who", DicomVR.UT);
        source.AddOrUpdate(new DicomSequence(DicomTag.ContentSequence, text));
        source.SetString(DicomTag.OperatorsName, string.Empty, DicomVR.PN);
        source.SetString(DicomTag.VerifyingObserverName, "Verifier^Vera", DicomVR.PN);

        var ds = Anonymize(source).Dataset;

        ds.TryGetSequence(DicomTag.ReferencedPerformedProcedureStepSequence, out var steps).Should().BeTrue();
        var kept = steps!.Items.Should().ContainSingle().Subject;
        kept.GetString(DicomTag.ReferencedSOPClassUID).Should().Be(stepClass);
        kept.GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be(Pseudonyms.Uid(stepUid));

        ds.TryGetSequence(DicomTag.ContentSequence, out var content).Should().BeTrue();
        var item = content!.Items.Should().ContainSingle().Subject;
        item.GetString(DicomTag.RelationshipType).Should().Be("CONTAINS");
        item.GetString(DicomTag.ValueType).Should().Be("TEXT");
        item.TryGetSequence(DicomTag.ConceptNameCodeSequence, out var name).Should().BeTrue();
        name!.Items[0].GetString(DicomTag.CodeMeaning).Should().Be("Finding");
        (item.GetString(DicomTag.TextValue) ?? string.Empty).Should().NotContain("Who");

        ds.Contains(DicomTag.OperatorsName).Should().BeTrue();
        ds.GetString(DicomTag.OperatorsName).Should().BeEmpty("an empty Type 2 name stays empty");
        var dummy = ds.GetString(DicomTag.VerifyingObserverName);
        dummy.Should().NotBe("ANONYMIZED").And.NotContain("Vera").And.Contain("^", "a dummy name has a family and a given name");
    }

    private static byte[] ImplicitElement(ushort group, ushort element, string value)
    {
        var text = Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " ");
        var bytes = new byte[8 + text.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)text.Length);
        text.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] ImplicitItem(params byte[][] elements)
    {
        var body = elements.SelectMany(e => e).ToArray();
        var bytes = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xE000FFFE);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)body.Length);
        body.CopyTo(bytes, 8);
        return bytes;
    }
}
