using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x00100010u)]
    [InlineData("7FE0,0010", 0x7FE00010u)]
    [InlineData("0009100a", 0x0009100Au)]
    public void Parse_ValidText_ReturnsTag(string text, uint expected) =>
        DicomTag.Parse(text).Value.Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("(0010,001)")]
    [InlineData("(GGGG,0010)")]
    public void TryParse_InvalidText_ReturnsFalse(string text) =>
        DicomTag.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void ToString_FormatsUpperCaseHexInParentheses() =>
        new DicomTag(0x7FE0, 0x0010).ToString().Should().Be("(7FE0,0010)");

    [Fact]
    public void PrivateCreatorTag_PrivateDataElement_PointsAtItsCreatorSlot()
    {
        var tag = new DicomTag(0x0009, 0x1102);
        tag.IsPrivate.Should().BeTrue();
        tag.PrivateCreatorTag.Should().Be(new DicomTag(0x0009, 0x0011));
        new DicomTag(0x0009, 0x0011).IsPrivateCreator.Should().BeTrue();
        new DicomTag(0x0010, 0x0010).IsPrivate.Should().BeFalse();
        new DicomTag(0xFFFF, 0x0010).IsPrivate.Should().BeFalse("FFFF is not a private group");
    }

    [Fact]
    public void CompareTo_OrdersByGroupThenElement()
    {
        var tags = new[] { new DicomTag(0x0010, 0x0020), new DicomTag(0x0008, 0xFFFF), new DicomTag(0x0010, 0x0010) };
        tags.Order().Select(t => t.Value).Should().Equal(0x0008FFFFu, 0x00100010u, 0x00100020u);
    }
}
