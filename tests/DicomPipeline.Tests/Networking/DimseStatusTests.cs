using DicomPipeline.Networking;

namespace DicomPipeline.Tests.Networking;

public sealed class DimseStatusTests
{
    [Theory]
    [InlineData((ushort)0x0000, "Success", "status 0000H (success)")]
    [InlineData((ushort)0xB006, "Warning", "status B006H (elements discarded)")]
    [InlineData((ushort)0xB123, "Warning", "status B123H (not in PS3.7)")]
    [InlineData((ushort)0xA7FF, "Failure", "status A7FFH (refused: out of resources)")]
    [InlineData((ushort)0xA9AB, "Failure", "status A9ABH (error: data set does not match SOP class)")]
    [InlineData((ushort)0xCFFF, "Failure", "status CFFFH (error: cannot understand)")]
    [InlineData((ushort)0x0122, "Failure", "status 0122H (refused: SOP class not supported)")]
    [InlineData((ushort)0xFE00, "Cancel", "status FE00H (cancelled)")]
    [InlineData((ushort)0x1234, "Failure", "status 1234H (not in PS3.7)")]
    public void Category_Code_FromTheTable(ushort code, string category, string text)
    {
        var status = new DimseStatus(code);

        status.Category.ToString().Should().Be(category);
        status.ToString().Should().Be(text);
    }
}
