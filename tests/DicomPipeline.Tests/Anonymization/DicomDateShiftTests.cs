using DicomPipeline.Anonymization;

namespace DicomPipeline.Tests.Anonymization;

public sealed class DicomDateShiftTests
{
    [Theory]
    [InlineData("20240301", -1, "20240229")]
    [InlineData("20240101\\20240102", -1, "20231231\\20240101")]
    [InlineData("20240101-20240110", -10, "20231222-20231231")]
    [InlineData("-20240110", -10, "-20231231")]
    public void ShiftDate_Values_Shifted(string value, int days, string expected) =>
        DicomDateShift.ShiftDate(value, days).Should().Be(expected);

    [Theory]
    [InlineData("2024")]
    [InlineData("20241301")]
    public void ShiftDate_PartialOrInvalid_Null(string value) =>
        DicomDateShift.ShiftDate(value, -1).Should().BeNull();

    [Theory]
    [InlineData("20240301101500.5+0100", "20240229101500.5+0100")]
    [InlineData("20240301", "20240229")]
    public void ShiftDateTime_Values_DatePartShifted(string value, string expected) =>
        DicomDateShift.ShiftDateTime(value, -1).Should().Be(expected);

    [Fact]
    public void ShiftDateTime_YearOnly_Null() =>
        DicomDateShift.ShiftDateTime("2024", -1).Should().BeNull();
}
