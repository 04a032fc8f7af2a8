using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class IdentifierRulesTests
{
    [Theory]
    [InlineData("li", false)] // two Latin characters
    [InlineData("lee", true)]
    [InlineData("anonymous", false)] // generic
    [InlineData("19000101", false)] // the dummy date
    [InlineData("1234", false)] // digits only: five at least
    [InlineData("12345", true)]
    [InlineData("000000000", false)] // one digit repeated (pydicom's MR_small StationName)
    [InlineData("toshiba", false)] // a maker's name (MR_small's InstitutionName), whatever file it is in
    [InlineData("gemedicalsystems", false)]
    [InlineData("text", false)] // a template's placeholder (pydicom's reportsi.dcm "Enter text")
    [InlineData("佐", false)] // one ideograph
    [InlineData("佐藤", true)]
    [InlineData("", false)]
    public void IsWorthSearching_SkipsShortAndGenericValues(string normalized, bool expected) =>
        IdentifierRules.IsWorthSearching(normalized).Should().Be(expected);

    [Theory]
    [InlineData("AB12-3456789", new[] { "3456789" })]
    [InlineData("12345/678901x1234", new[] { "12345", "678901" })]
    [InlineData("MRN 1234", new string[0])]
    public void DigitRuns_EachRunOfFiveDigitsOrMoreOnItsOwn(string value, string[] expected) =>
        IdentifierRules.DigitRuns(value).Should().Equal(expected);

    [Theory]
    [InlineData("Müller", "Mueller")]
    [InlineData("ÖZTÜRK", "OeZTUeRK")]
    [InlineData("Smith", "Smith")]
    public void SpelledOutUmlauts_WritesUmlautsAsTwoLetters(string value, string expected) =>
        IdentifierRules.SpelledOutUmlauts(value).Should().Be(expected);

    [Theory]
    [InlineData("PatientID", true)]
    [InlineData("AccessionNumber", true)]
    [InlineData("PatientTelephoneNumbers", true)]
    [InlineData("InstitutionName", false)]
    public void SearchDigitsOf_IdsNumbersAndPhones(string keyword, bool expected) =>
        IdentifierRules.SearchDigitsOf(keyword).Should().Be(expected);
}
