using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class DateSpellingsTests
{
    [Theory]
    [InlineData("1961-03-02")] // ISO
    [InlineData("19610302")]
    [InlineData("02.03.1961")] // DD.MM.YYYY
    [InlineData("03/02/1961")] // MM/DD/YYYY
    [InlineData("2.3.1961")] // without leading zeros
    [InlineData("3/2/1961")]
    [InlineData("02.03.61")] // two-digit year
    [InlineData("610302")]
    [InlineData("2. März 1961")] // German
    [InlineData("2. Mrz. 61")]
    [InlineData("March 2nd, 1961")] // English
    [InlineData("02-Mar-1961")]
    [InlineData("1961 Mar 2")]
    [InlineData("2 mars 1961")] // French
    public void Of_March2nd1961_HasTheSpelling(string written) =>
        DateSpellings.Of(new DateOnly(1961, 3, 2)).Should().Contain(TextTokens.Normalize(written));

    [Theory]
    [InlineData("1er février 1990")]
    [InlineData("1. Februar 1990")]
    [InlineData("February 1st, 1990")]
    [InlineData("1 févr. 1990")]
    public void Of_February1st1990_HasTheSpelling(string written) =>
        DateSpellings.Of(new DateOnly(1990, 2, 1)).Should().Contain(TextTokens.Normalize(written));

    [Fact]
    public void Of_NumericSpellingsTooShortToMean_AreLeftOut()
    {
        // 2.3.61 is four digits: every table of numbers has them.
        DateSpellings.Of(new DateOnly(1961, 3, 2)).Should().NotContain(["2361", "3261", "6132"])
            .And.OnlyContain(s => s.Length >= DateSpellings.MinimumDigits || s.Any(char.IsLetter));
    }
}
