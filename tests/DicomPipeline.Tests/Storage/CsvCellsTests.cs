using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Storage;

public class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    public void Cell_FormulaOrSeparator_IsDefusedAndQuoted(string value, string expected) =>
        CsvCells.Cell(value).Should().Be(expected);

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    public void Defuse_FormulaStart_PrefixedWithQuote(string value, string expected) =>
        CsvCells.Defuse(value).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("Arm A")]
    [InlineData("a=b")]
    [InlineData("'=already")]
    public void Defuse_PlainValue_Unchanged(string value) =>
        CsvCells.Defuse(value).Should().BeSameAs(value);
}
