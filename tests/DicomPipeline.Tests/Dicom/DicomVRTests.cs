using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomVRTests
{
    [Theory]
    [InlineData("OB", true)]
    [InlineData("OD", true)]
    [InlineData("OF", true)]
    [InlineData("OL", true)]
    [InlineData("OV", true)]
    [InlineData("OW", true)]
    [InlineData("SQ", true)]
    [InlineData("SV", true)]
    [InlineData("UC", true)]
    [InlineData("UN", true)]
    [InlineData("UR", true)]
    [InlineData("UT", true)]
    [InlineData("UV", true)]
    [InlineData("AE", false)]
    [InlineData("PN", false)]
    [InlineData("US", false)]
    [InlineData("FD", false)]
    [InlineData("DS", false)]
    public void HasLongExplicitLength_MatchesPs35Table7_1_1(string code, bool expected) =>
        DicomVR.Parse(code).HasLongExplicitLength.Should().Be(expected);

    [Fact]
    public void TryParse_AllThirtyFourVRsOfTheStandard_AreKnown()
    {
        string[] all = ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
            "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"];
        foreach (var code in all)
        {
            DicomVR.TryParse(code, out var vr).Should().BeTrue(code);
            vr.Code.Should().Be(code);
        }

        DicomVR.TryParse("XX", out _).Should().BeFalse();
    }

    [Fact]
    public void PaddingByte_UidIsNulTextIsSpace()
    {
        DicomVR.UI.PaddingByte.Should().Be(0);
        DicomVR.LO.PaddingByte.Should().Be((byte)' ');
        DicomVR.OB.PaddingByte.Should().Be(0);
    }
}
