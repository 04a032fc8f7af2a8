using DicomPipeline.Anonymization;

namespace DicomPipeline.Tests.Anonymization;

public sealed class ProfileOptionsTests
{
    /// <summary>The option columns of PS3.15 Table E.1-1, left to right, then Clean Pixel Data, which has no column.</summary>
    private static readonly string[] TableE11ColumnOrder =
    [
        "RetainSafePrivate", "RetainUids", "RetainDeviceIdentity", "RetainInstitutionIdentity", "RetainPatientCharacteristics",
        "RetainLongitudinalFullDates", "RetainLongitudinalModifiedDates", "CleanDescriptors", "CleanStructuredContent", "CleanGraphics",
        "CleanPixelData",
    ];

    /// <summary>PS3.16 CID 7050 "De-identification Method", written out: option property, code value, code meaning.</summary>
    public static TheoryData<string, string, string> Cid7050 => new()
    {
        { "RetainSafePrivate", "113111", "Retain Safe Private Option" },
        { "RetainUids", "113110", "Retain UIDs Option" },
        { "RetainDeviceIdentity", "113109", "Retain Device Identity Option" },
        { "RetainInstitutionIdentity", "113112", "Retain Institution Identity Option" },
        { "RetainPatientCharacteristics", "113108", "Retain Patient Characteristics Option" },
        { "RetainLongitudinalFullDates", "113106", "Retain Longitudinal Temporal Information Full Dates Option" },
        { "RetainLongitudinalModifiedDates", "113107", "Retain Longitudinal Temporal Information Modified Dates Option" },
        { "CleanDescriptors", "113105", "Clean Descriptors Option" },
        { "CleanStructuredContent", "113104", "Clean Structured Content Option" },
        { "CleanGraphics", "113103", "Clean Graphics Option" },
        { "CleanPixelData", "113101", "Clean Pixel Data Option" },
    };

    [Theory]
    [MemberData(nameof(Cid7050))]
    public void All_EachOption_HasItsCid7050Code(string property, string codeValue, string codeMeaning)
    {
        var option = ProfileOptions.All.Single(o => o.Name == property);

        option.CodeValue.Should().Be(codeValue);
        option.CodeMeaning.Should().Be(codeMeaning);
    }

    [Fact]
    public void All_InTableColumnOrder_AndByCodeValueInCidOrder()
    {
        ProfileOptions.All.Select(o => o.Name).Should().Equal(TableE11ColumnOrder);
        ProfileOptions.ByCodeValue.Select(o => o.CodeValue).Should().Equal(
            "113101", "113103", "113104", "113105", "113106", "113107", "113108", "113109", "113110", "113111", "113112");
        ProfileOptions.BasicProfileCode.Should().Be(("113100", "Basic Application Confidentiality Profile"));
    }

    [Theory]
    [MemberData(nameof(Cid7050))]
    public void All_EachRow_ReadsAndSetsOnlyItsOwnProperty(string property, string codeValue, string codeMeaning)
    {
        _ = (codeValue, codeMeaning);
        var option = ProfileOptions.All.Single(o => o.Name == property);
        var options = new AnonymizationOptions();

        option.Enable(options, true);

        Enabled(options).Should().Equal(property);
        option.IsEnabled(options).Should().BeTrue();
        ProfileOptions.All.Where(o => o != option).Should().OnlyContain(o => !o.IsEnabled(options));
    }

    [Theory]
    [InlineData("Study Date", "RetainLongitudinalFullDates", "K")]
    [InlineData("Study Date", "RetainLongitudinalModifiedDates", "C")]
    [InlineData("Study Instance UID", "RetainUids", "K")]
    [InlineData("Station Name", "RetainDeviceIdentity", "K")]
    [InlineData("Institution Name", "RetainInstitutionIdentity", "K")]
    [InlineData("Patient's Sex", "RetainPatientCharacteristics", "K")]
    [InlineData("Study Description", "CleanDescriptors", "C")]
    [InlineData("Content Sequence", "CleanStructuredContent", "C")]
    [InlineData("Overlay Data", "CleanGraphics", "C")]
    [InlineData("Private Attributes", "RetainSafePrivate", "C")]
    public void All_EachRow_ReadsItsOwnColumnOfTableE11(string attribute, string property, string code)
    {
        var row = ConfidentialityProfileTable.Rows.Single(r => r.Name == attribute);

        ProfileOptions.All.Single(o => o.Name == property).Column(row).Should().Be(code);
        ProfileOptions.All.Where(o => o.Name != property).Should().OnlyContain(o => o.Column(row) != code, "no other option has this entry for this row");
    }

    [Theory]
    [InlineData("retain-uids", "RetainUids")]
    [InlineData("RetainLongitudinalModifiedDates", "RetainLongitudinalModifiedDates")]
    [InlineData("CLEAN-GRAPHICS", "CleanGraphics")]
    public void TryEnableProfileOption_KebabOrPropertyName_TurnsOnThatOption(string name, string property)
    {
        var options = new AnonymizationOptions();

        options.TryEnableProfileOption(name).Should().BeTrue();

        Enabled(options).Should().Equal(property);
    }

    [Theory]
    [InlineData("allow-burned-in-annotation")]
    [InlineData("retain")]
    [InlineData("")]
    public void TryEnableProfileOption_NotAProfileOption_ChangesNothing(string name)
    {
        var options = new AnonymizationOptions();

        options.TryEnableProfileOption(name).Should().BeFalse();

        Enabled(options).Should().BeEmpty();
        options.AllowBurnedInAnnotation.Should().BeFalse();
    }

    [Fact]
    public void ProfileOptionNames_AreTheOptionProperties()
    {
        AnonymizationOptions.ProfileOptionNames.Should().Equal(TableE11ColumnOrder);
    }

    /// <summary>The boolean properties that are on, read by reflection, not through the table under test.</summary>
    private static List<string> Enabled(AnonymizationOptions options) =>
        [.. typeof(AnonymizationOptions).GetProperties().Where(p => p.PropertyType == typeof(bool) && (bool)p.GetValue(options)!).Select(p => p.Name)];
}
