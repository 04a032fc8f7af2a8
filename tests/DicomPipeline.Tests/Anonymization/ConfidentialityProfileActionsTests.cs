using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Anonymization;

public sealed class ConfidentialityProfileActionsTests
{
    [Theory]
    [InlineData("K", "Keep")]
    [InlineData("X", "Remove")]
    [InlineData("Z", "ZeroLength")]
    [InlineData("D", "Dummy")]
    [InlineData("C", "Clean")]
    [InlineData("U", "ReplaceUid")]
    [InlineData("X/Z", "ZeroLength")]
    [InlineData("X/D", "Dummy")]
    [InlineData("Z/D", "Dummy")]
    [InlineData("X/Z/D", "Dummy")]
    [InlineData("X/Z/U*", "ReplaceUidsWithin")]
    public void Parse_EveryCode_ResolvesTheSafeWay(string code, string expected) =>
        ConfidentialityProfileActions.Parse(code).ToString().Should().Be(expected);

    [Fact]
    public void Table_Edition2024b_HasEveryRowAndOnlyTheCodesOfE3()
    {
        // PS3.15 2024b Table E.1-1 has 621 rows (the odd-group row for private attributes among them); its cells use
        // only the action codes of E.3.
        string[] codesOfE3 = ["K", "X", "Z", "D", "C", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"];
        var cells = ConfidentialityProfileTable.Rows.SelectMany(r => new[]
        {
            r.BasicProfile, r.RetainSafePrivate, r.RetainUids, r.RetainDeviceIdentity, r.RetainInstitutionIdentity,
            r.RetainPatientCharacteristics, r.RetainLongitudinalFullDates, r.RetainLongitudinalModifiedDates,
            r.CleanDescriptors, r.CleanStructuredContent, r.CleanGraphics,
        }).OfType<string>().Distinct();

        ConfidentialityProfileTable.Edition.Should().Be("2024b");
        ConfidentialityProfileTable.Rows.Length.Should().Be(621);
        cells.Should().BeEquivalentTo(codesOfE3);
    }

    /// <summary>
    /// Entries of PS3.15 (2024b) Table E.1-1 written out: the tag, the option turned on (empty for the Basic Profile alone)
    /// and the action the table gives, with the combined codes resolved the least removing way (X/Z/D and X/D to a dummy).
    /// </summary>
    [Theory]
    [InlineData(0x00100010u, "", "ZeroLength")]           // Patient's Name: Z
    [InlineData(0x00100020u, "", "Dummy")]                // Patient ID: Z/D
    [InlineData(0x00100030u, "", "ZeroLength")]           // Patient's Birth Date: Z
    [InlineData(0x00080050u, "", "ZeroLength")]           // Accession Number: Z
    [InlineData(0x00100040u, "", "ZeroLength")]           // Patient's Sex: Z
    [InlineData(0x00100040u, "RetainPatientCharacteristics", "Keep")]
    [InlineData(0x00101010u, "", "Remove")]               // Patient's Age: X
    [InlineData(0x00101010u, "RetainPatientCharacteristics", "Keep")]
    [InlineData(0x00101030u, "RetainPatientCharacteristics", "Keep")] // Patient's Weight: X, K
    [InlineData(0x00080020u, "", "ZeroLength")]           // Study Date: Z
    [InlineData(0x00080020u, "RetainLongitudinalFullDates", "Keep")]
    [InlineData(0x00080020u, "RetainLongitudinalModifiedDates", "Clean")]
    [InlineData(0x0020000Du, "", "ReplaceUid")]           // Study Instance UID: U
    [InlineData(0x0020000Du, "RetainUids", "Keep")]
    [InlineData(0x00080018u, "RetainUids", "Keep")]       // SOP Instance UID: U, K
    [InlineData(0x0040A124u, "", "ReplaceUid")]           // UID: U
    [InlineData(0x00081140u, "", "ReplaceUidsWithin")]    // Referenced Image Sequence: X/Z/U*
    [InlineData(0x00081140u, "RetainUids", "Keep")]
    [InlineData(0x00081010u, "", "Dummy")]                // Station Name: X/Z/D
    [InlineData(0x00081010u, "RetainDeviceIdentity", "Keep")]
    [InlineData(0x00181000u, "RetainDeviceIdentity", "Keep")] // Device Serial Number: X/Z/D, K
    [InlineData(0x00080080u, "", "Dummy")]                // Institution Name: X/Z/D
    [InlineData(0x00080080u, "RetainInstitutionIdentity", "Keep")]
    [InlineData(0x00080081u, "", "Remove")]               // Institution Address: X
    [InlineData(0x00080081u, "RetainInstitutionIdentity", "Keep")]
    [InlineData(0x00081040u, "RetainInstitutionIdentity", "Keep")] // Institutional Department Name: X, K
    [InlineData(0x00081030u, "", "Remove")]               // Study Description: X
    [InlineData(0x00081030u, "CleanDescriptors", "Clean")]
    [InlineData(0x0008103Eu, "CleanDescriptors", "Clean")] // Series Description: X, C
    [InlineData(0x00181030u, "", "Dummy")]                // Protocol Name: X/D
    [InlineData(0x00181030u, "CleanDescriptors", "Clean")]
    [InlineData(0x00324000u, "CleanDescriptors", "Clean")] // Study Comments: X, C
    [InlineData(0x0040A730u, "", "Dummy")]                // Content Sequence: D
    [InlineData(0x0040A730u, "CleanStructuredContent", "Clean")]
    [InlineData(0x60003000u, "", "Remove")]               // Overlay Data (60xx,3000): X
    [InlineData(0x601E3000u, "CleanGraphics", "Clean")]
    [InlineData(0x00091010u, "", "Remove")]               // (gggg,eeee) with gggg odd: X
    [InlineData(0x00091010u, "RetainSafePrivate", "Clean")]
    public void Find_EntriesOfTableE11_GiveTheStandardsAction(uint tag, string option, string expected)
    {
        var options = new AnonymizationOptions();
        if (option.Length > 0)
        {
            typeof(AnonymizationOptions).GetProperty(option)!.SetValue(options, true);
        }

        new ConfidentialityProfileActions(options).Find(new DicomTag(tag)).ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData(0x00100040u)] // Patient's Sex: only Retain Patient Characteristics keeps it
    [InlineData(0x0020000Du)] // Study Instance UID: only Retain UIDs
    [InlineData(0x00081030u)] // Study Description: only Clean Descriptors
    public void Find_OptionsWithoutAnEntryForTheRow_LeaveTheBasicProfile(uint tag)
    {
        var basic = new ConfidentialityProfileActions(new AnonymizationOptions()).Find(new DicomTag(tag));
        var unrelated = new ConfidentialityProfileActions(new AnonymizationOptions { RetainDeviceIdentity = true, CleanGraphics = true, RetainSafePrivate = true });

        unrelated.Find(new DicomTag(tag)).Should().Be(basic);
    }

    [Fact]
    public void Find_Tags_MatchExactRepeatingAndPrivateRows()
    {
        var actions = new ConfidentialityProfileActions(new AnonymizationOptions());

        actions.Find(DicomTag.PatientName).Should().Be(ProfileAction.ZeroLength);
        actions.Find(DicomTag.SOPInstanceUID).Should().Be(ProfileAction.ReplaceUid);
        actions.Find(DicomTag.SOPClassUID).Should().BeNull("SOP Class UID is not in the table");
        actions.Find(new DicomTag(0x00020010)).Should().BeNull("Transfer Syntax UID is not in the table");
        actions.Find(DicomTag.ReferencedSOPClassUID).Should().BeNull();
        actions.Find(new DicomTag(0x60023000)).Should().Be(ProfileAction.Remove);
        actions.Find(new DicomTag(0x60020010)).Should().BeNull("overlay rows are not in the table");
        actions.Find(new DicomTag(0x50100110)).Should().Be(ProfileAction.Remove);
        actions.Find(new DicomTag(0x60013000)).Should().Be(ProfileAction.Remove, "an odd group is private");
        actions.Find(new DicomTag(0x00291010)).Should().Be(ProfileAction.Remove);
    }

    [Fact]
    public void Find_Options_OverrideTheBasicProfile()
    {
        var basic = new ConfidentialityProfileActions(new AnonymizationOptions());
        var retaining = new ConfidentialityProfileActions(new AnonymizationOptions
        {
            RetainSafePrivate = true, RetainUids = true, RetainDeviceIdentity = true, RetainInstitutionIdentity = true,
            RetainPatientCharacteristics = true, RetainLongitudinalFullDates = true,
        });
        var cleaning = new ConfidentialityProfileActions(new AnonymizationOptions
        {
            RetainLongitudinalModifiedDates = true, CleanDescriptors = true, CleanStructuredContent = true, CleanGraphics = true,
        });

        basic.Find(DicomTag.StudyDate).Should().Be(ProfileAction.ZeroLength);
        retaining.Find(DicomTag.StudyDate).Should().Be(ProfileAction.Keep);
        cleaning.Find(DicomTag.StudyDate).Should().Be(ProfileAction.Clean);
        retaining.Find(DicomTag.StudyInstanceUID).Should().Be(ProfileAction.Keep);
        retaining.Find(DicomTag.StationName).Should().Be(ProfileAction.Keep);
        retaining.Find(DicomTag.InstitutionName).Should().Be(ProfileAction.Keep);
        retaining.Find(DicomTag.PatientSex).Should().Be(ProfileAction.Keep);
        retaining.Find(new DicomTag(0x00091010)).Should().Be(ProfileAction.Clean, "safe private is decided per element");
        basic.Find(DicomTag.StudyDescription).Should().Be(ProfileAction.Remove);
        cleaning.Find(DicomTag.StudyDescription).Should().Be(ProfileAction.Clean);
        basic.Find(DicomTag.ContentSequence).Should().Be(ProfileAction.Dummy);
        cleaning.Find(DicomTag.ContentSequence).Should().Be(ProfileAction.Clean);
        basic.Find(new DicomTag(0x60003000)).Should().Be(ProfileAction.Remove);
        cleaning.Find(new DicomTag(0x60003000)).Should().Be(ProfileAction.Clean);
        basic.Find(DicomTag.ReferencedImageSequence).Should().Be(ProfileAction.ReplaceUidsWithin);
    }
}
