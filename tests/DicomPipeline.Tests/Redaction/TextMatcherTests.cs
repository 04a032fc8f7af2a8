using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Tests.Redaction;

public sealed class TextMatcherTests
{
    private static readonly TextMatcher Matcher = new(PixelIdentifierSources.FromDataset(new DicomDataset()
        .SetString(DicomTag.PatientName, "WALKER^ROSEMARY^J")
        .SetString(DicomTag.PatientID, "MRN-00481516")
        .SetString(DicomTag.PatientBirthDate, "19610303")
        .SetString(DicomTag.AccessionNumber, "ACC9921")
        .SetString(DicomTag.InstitutionName, "Northfield General")));

    [Theory]
    [InlineData("Name: WALKER, ROSEMARY")]
    [InlineData("walker rosemary")]
    [InlineData("R0SEMARY")] // O read as 0
    [InlineData("ROSEMAY")] // one letter lost, 7 letters
    [InlineData("WA1KER")] // L read as 1
    [InlineData("RO5EMARY")] // S read as 5
    [InlineData("ID 004B1516")] // 8 read as B
    [InlineData("ACC 992I")] // 1 read as I
    [InlineData("ACC 992l")] // 1 read as l
    [InlineData("R0SEMAY")] // O read as 0 and one letter lost
    [InlineData("ID 00481516")] // the ID's run of digits
    [InlineData("MRN-OO481516")] // zeros read as O
    [InlineData("DOB 03/03/1961")]
    [InlineData("1961-03-03")]
    [InlineData("3 MAR 1961")]
    [InlineData("Mar 03, 1961")]
    [InlineData("03.03.61")]
    [InlineData("ACC 9921")]
    [InlineData("NORTHFIELD GENERAL HOSPITAL")]
    public void Matches_IdentifierAsOcrReadsIt_IsHit(string line)
    {
        Matcher.Matches(line).Should().BeTrue();
    }

    [Theory]
    [InlineData("L 12.5 cm")]
    [InlineData("WALK")] // too short to stand for WALKER
    [InlineData("ROSE")] // a different word, two edits from ROSEMARY and shorter
    [InlineData("RUSEMERY")] // two letters wrong in 8: more than one edit
    [InlineData("SAGITTAL T2 FSE")]
    [InlineData("04/03/1962")]
    [InlineData("")]
    public void Matches_OtherText_IsNoHit(string line)
    {
        Matcher.Matches(line).Should().BeFalse();
    }

    [Fact]
    public void Matches_ShortIdentifierWithOneEdit_IsNoHit()
    {
        // Under 5 characters one wrong letter makes another word, so short identifiers must be read exactly.
        var matcher = new TextMatcher(PixelIdentifiers.FromNormalForms(["ANNA"]));

        matcher.Matches("ANNE").Should().BeFalse();
        matcher.Matches("ANNA").Should().BeTrue();
    }
}
