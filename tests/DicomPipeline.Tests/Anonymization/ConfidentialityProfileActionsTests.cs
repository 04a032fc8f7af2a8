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
    public void Parse_EveryRowOfTheTable_IsKnown()
    {
        var options = new AnonymizationOptions
        {
            RetainSafePrivate = true, RetainUids = true, RetainDeviceIdentity = true, RetainInstitutionIdentity = true,
            RetainPatientCharacteristics = true, RetainLongitudinalModifiedDates = true, CleanDescriptors = true,
            CleanStructuredContent = true, CleanGraphics = true,
        };

        var act = () => ConfidentialityProfileTable.Rows.Select(r => (ConfidentialityProfileActions.Resolve(r, options), ConfidentialityProfileActions.Resolve(r, new AnonymizationOptions()))).ToList();

        act.Should().NotThrow();
        ConfidentialityProfileTable.Rows.Length.Should().Be(ConfidentialityProfileTable.RowCount);
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
