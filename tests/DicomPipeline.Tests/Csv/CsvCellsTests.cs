using DicomPipeline.Csv;

namespace DicomPipeline.Tests.Csv;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    public void Protect_FormulaStart_PrefixedWithQuote(string value, string expected) =>
        CsvCells.Protect(value).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("Arm A")]
    [InlineData("a=b")]
    [InlineData("'=already")]
    public void Protect_PlainValue_Unchanged(string value) =>
        CsvCells.Protect(value).Should().BeSameAs(value);

    [Fact]
    public void Protect_Null_Throws()
    {
        var act = () => CsvCells.Protect(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}
