using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Tests.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// The sweep learns the patient's values also from a source that breaks the standard's rules (the outside hunt's second
/// round, Q06–Q18, V20, X05): a birth date written against DA's rules, a name, ID or date the file gave VR OB, and a
/// tag the file holds twice. Each case plants a spelling of the value in kept text that only a needle made from the
/// malformed source finds (no date or ID shape the sweep reads without a source).
/// </summary>
public sealed class MalformedSourceSweepTests
{
    [Theory]
    [InlineData("1962-07-24")]
    [InlineData("1962.07.24")]
    [InlineData("24.07.1962")]
    [InlineData("07/24/1962")]
    public void Anonymize_BirthDateWrittenAgainstDaRules_ItsSpellingsInKeptTextAreReplaced(string written)
    {
        var source = CreateInstance();
        source.AddOrUpdate(new DicomElement(DicomTag.PatientBirthDate, DicomVR.DA, Encoding.ASCII.GetBytes(written)));
        source.SetString(DicomTag.WindowCenterWidthExplanation, "seen 24 07 62");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("seen ANONYMIZED");
    }

    [Theory]
    [InlineData("PatientName", "Quenbyluk^Zorvath", "Zorvath Quenbyluk window", "ANONYMIZED window")]
    [InlineData("PatientID", "QX7711", "MRN QX7711", "MRN ANONYMIZED")]
    [InlineData("PatientBirthDate", "19620724", "seen 24 07 62", "seen ANONYMIZED")]
    public void Anonymize_PatientValueWrittenAsOb_IsStillANeedle(string keyword, string value, string kept, string expected)
    {
        var tag = keyword switch
        {
            "PatientName" => DicomTag.PatientName,
            "PatientID" => DicomTag.PatientID,
            _ => DicomTag.PatientBirthDate,
        };
        var source = CreateInstance();
        source.Remove(tag);
        source.AddOrUpdate(new DicomElement(tag, DicomVR.OB, Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " ")));
        source.SetString(DicomTag.WindowCenterWidthExplanation, kept);

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be(expected);
    }

    [Fact]
    public async Task Anonymize_TagHeldTwice_TheValueTheReaderReplacedIsStillANeedle()
    {
        // X05: the real name first, a decoy second; the reader keeps the second, the first is the patient's.
        var raw = RawDicom.Part10("1.2.840.10008.1.2.1")
            .Explicit(0x0008, 0x0016, "UI", RawDicom.Uid(CtImageStorage))
            .Explicit(0x0008, 0x0018, "UI", RawDicom.Uid(SopUid))
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("Quenbyluk^Zorvath"))
            .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("QX7711"))
            .Explicit(0x0028, 0x1055, "LO", RawDicom.Text("Quenbyluk QX7711"))
            .Explicit(0x0010, 0x0010, "PN", RawDicom.Text("Decoy^Dan"))
            .Explicit(0x0010, 0x0020, "LO", RawDicom.Text("DECOY1"));
        var file = await TestData.FromBytesAsync(raw.ToArray());

        var result = Anonymize(file.Dataset);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("ANONYMIZED ANONYMIZED");
    }

    [Theory]
    [InlineData("QUENBYLUK", null)]
    [InlineData("ISO_IR 100\\QUENBYLUK", "ISO_IR 100")]
    [InlineData("\\ISO 2022 IR 87\\QUENBYLUK", "\\ISO 2022 IR 87")]
    [InlineData("ISO_IR 192", "ISO_IR 192")]
    public void Anonymize_CharacterSetTermNoStandardDefines_IsDropped(string declared, string? expected)
    {
        // M03: the surname written as the Specific Character Set; it names no character set, only the patient.
        var source = CreateInstance();
        source.AddOrUpdate(new DicomElement(DicomTag.SpecificCharacterSet, DicomVR.CS, Encoding.ASCII.GetBytes(declared.Length % 2 == 0 ? declared : declared + " ")));

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.SpecificCharacterSet).Should().Be(expected);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.034940", true)]
    [InlineData("1.2.840.10008.1.2.4.50", false)]
    [InlineData("1.2.840.10008.1.2.4.201", false)]
    public void Anonymize_TransferSyntaxNoStandardDefines_IsHeldBack(string uid, bool heldBack)
    {
        // M01: the Transfer Syntax UID made of the patient ID's digits would reach the output's file meta as it is.
        var result = new ConfidentialityProfileAnonymizer(Options()).Anonymize(new DicomFile(CreateInstance(), DicomTransferSyntax.FromUid(uid)));

        result.IsHeldBack.Should().Be(heldBack);
    }

    [Fact]
    public void Anonymize_PixelDataTagInsideAnItem_IsSweptAsBytes()
    {
        // S06 (third hunt): a (7FE0,0010) inside a Referenced Image Sequence item is no image of this instance's.
        var source = CreateInstance();
        var item = new DicomDataset();
        item.SetString(DicomTag.ReferencedSOPClassUID, CtImageStorage);
        item.SetString(DicomTag.ReferencedSOPInstanceUID, OtherSopUid);
        item.AddOrUpdate(new DicomElement(DicomTag.PixelData, DicomVR.OB, Encoding.ASCII.GetBytes("MULLER^JURGEN PID-4711 ")));
        source.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, item));

        var result = Anonymize(source);

        result.Dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var kept).Should().BeTrue();
        kept!.Items.Single().Contains(DicomTag.PixelData).Should().BeFalse();
    }
}
