using DicomPipeline.Verification;

namespace DicomPipeline.Tests.Verification;

public sealed class IdentifierRulesTests
{
    [Theory]
    [InlineData("li", false)] // two Latin characters
    [InlineData("lee", true)]
    [InlineData("anonymous", false)] // generic
    [InlineData("19000101", false)] // the dummy date
    [InlineData("123", false)] // digits only: four at least
    [InlineData("1234", true)]
    [InlineData("佐", false)] // one ideograph
    [InlineData("佐藤", true)]
    [InlineData("", false)]
    public void IsWorthSearching_SkipsShortAndGenericValues(string normalized, bool expected) =>
        IdentifierRules.IsWorthSearching(normalized).Should().Be(expected);

    [Theory]
    [InlineData("PatientID", true)]
    [InlineData("AccessionNumber", true)]
    [InlineData("PatientTelephoneNumbers", true)]
    [InlineData("InstitutionName", false)]
    public void SearchDigitsOf_IdsNumbersAndPhones(string keyword, bool expected) =>
        IdentifierRules.SearchDigitsOf(keyword).Should().Be(expected);
}
