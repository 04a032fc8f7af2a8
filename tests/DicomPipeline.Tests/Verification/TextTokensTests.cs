using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class TextTokensTests
{
    [Theory]
    [InlineData("Lefèvre^Hélène", "lefevrehelene")]
    [InlineData("DOE, John  Q.", "doejohnq")]
    [InlineData("1970-01-02", "19700102")]
    [InlineData("山田^太郎", "山田太郎")]
    [InlineData("Ødegård", "odegard")]
    [InlineData("Strauß", "strauss")]
    [InlineData("Ærø Łódź", "aerolodz")]
    [InlineData("Œuvre Þór Đorđe", "oeuvrethordorde")]
    [InlineData("ＤＯＥ１２３", "doe123")]
    public void Normalize_DropsCaseDiacriticsAndSeparators(string text, string expected) =>
        TextTokens.Normalize(text).Should().Be(expected);

    [Fact]
    public void Read_SplitsLettersDigitsAndCjk()
    {
        var tokens = new TextTokens();

        tokens.Read("MRN1234567 seen 02.01.1970 by 佐藤");

        Enumerable.Range(0, tokens.Count).Select(i => tokens.Folded(i).ToString())
            .Should().Equal("mrn", "1234567", "seen", "02", "01", "1970", "by", "佐藤");
        tokens[7].Kind.Should().Be(TextTokens.Kind.Cjk);
    }

    [Fact]
    public void Read_FoldingThatWritesTwoLetters_KeepsTheTokenWhole()
    {
        var tokens = new TextTokens();

        tokens.Read("Straße 12");

        Enumerable.Range(0, tokens.Count).Select(i => tokens.Folded(i).ToString()).Should().Equal("strasse", "12");
        tokens[0].TextEnd.Should().Be(6);
    }

    [Fact]
    public void Read_NulBetweenTokens_MarksAHardBreakButSpacesAndLineBreaksDoNot()
    {
        var tokens = new TextTokens();

        tokens.Read("12\0" + "34 56\r\n78\uFFFD90");

        Enumerable.Range(0, tokens.Count).Select(i => tokens[i].BreakBefore).Should().Equal(false, true, false, false, true);
    }

    [Fact]
    public void Hash_IncrementalOverTokens_EqualsHashOfTheConcatenation()
    {
        var tokens = new TextTokens();
        tokens.Read("born 1970-01-02");
        var state = TextTokens.Start();
        for (var i = 1; i < tokens.Count; i++)
        {
            state = TextTokens.Append(state, tokens.Folded(i));
        }

        TextTokens.Finish(state).Should().Be(TextTokens.Hash("19700102"));
    }

    [Theory]
    [InlineData("Jo^Li", 2)]
    [InlineData("ANON-ABC", 2)]
    [InlineData("佐藤^一郎=さとう", 3)]
    public void CountTokens_CountsRuns(string text, int expected) => TextTokens.CountTokens(text).Should().Be(expected);
}
