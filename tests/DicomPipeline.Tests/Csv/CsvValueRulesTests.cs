using DicomPipeline.Csv;

namespace DicomPipeline.Tests.Csv;

public sealed class CsvValueRulesTests
{
    [Theory]
    [InlineData("PatientAge", "045Y")]
    [InlineData("PatientSex", "F")]
    [InlineData("PatientBirthDate", "19700101")]
    [InlineData("PatientWeight", "72.5")]
    [InlineData("PatientWeight", "-1e3")]
    [InlineData("AcquisitionDateTime", "20240131101500.123456+0100")]
    [InlineData("AcquisitionDateTime", "2024")]
    [InlineData("SeriesNumber", "+12")]
    [InlineData("StudyTime", "1015")]
    [InlineData("StudyTime", "101500.5")]
    [InlineData("StudyInstanceUID", "1.2.840.10008.0.1")]
    [InlineData("PatientComments", "line one\r\nline two\tand a \\ backslash")]
    [InlineData("PatientName", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("OtherPatientIDs", "A\\B\\C")]
    public void Check_ValidValue_Null(string keyword, string value) =>
        CsvValueRules.Check(value, Attribute(keyword)).Should().BeNull();

    [Theory]
    [InlineData("PatientAge", "45Y")]
    [InlineData("PatientSex", "f")]
    [InlineData("PatientSex", "ABCDEFGHIJKLMNOPQ")]
    [InlineData("PatientBirthDate", "1970-01-01")]
    [InlineData("PatientBirthDate", "19700231")]
    [InlineData("PatientWeight", "72,5")]
    [InlineData("AcquisitionDateTime", "20241301")]
    [InlineData("AcquisitionDateTime", "2024.5")]
    [InlineData("SeriesNumber", "1.5")]
    [InlineData("SeriesNumber", "99999999999")]
    [InlineData("StudyTime", "2460")]
    [InlineData("StudyInstanceUID", "1.02.3")]
    [InlineData("StudyInstanceUID", "1.2.3a")]
    [InlineData("PatientID", "A\\B")]
    [InlineData("PatientID", "bell\a")]
    [InlineData("PatientName", "A=B=C=D")]
    [InlineData("PatientName", "A^B^C^D^E^F")]
    [InlineData("AccessionNumber", "ABCDEFGHIJKLMNOPQ")]
    [InlineData("RetrieveAETitle", "Ünicode")]
    [InlineData("PatientComments", "nul\0")]
    public void Check_InvalidValue_Reason(string keyword, string value)
    {
        var reason = CsvValueRules.Check(value, Attribute(keyword));

        reason.Should().NotBeNullOrEmpty();
        reason.Should().NotContain(value);
    }

    private static CsvAttribute Attribute(string keyword)
    {
        CsvAttribute.TryResolve(keyword, out var attribute, out var reason).Should().BeTrue();
        reason.Should().BeNull();
        return attribute!;
    }
}
