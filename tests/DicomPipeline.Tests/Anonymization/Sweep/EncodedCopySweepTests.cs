using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// The patient's name escaped, mis-encoded or glued to another word in kept text (the outside hunt's second round,
/// N01–N13, V29, G17, X07): the sweep reads each such form and the value does not survive. The instance is
/// <see cref="AnonymizationTestData.CreateInstance"/>'s, whose patient is Müller^Jürgen.
/// </summary>
public sealed class EncodedCopySweepTests
{
    public static TheoryData<string, string> EncodedNames() => new()
    {
        { "percent-encoded UTF-8", "M%C3%BCller window" },
        { "percent-encoded in a URL", "http://example.invalid/p?n=M%C3%BCller" },
        { "quoted-printable", "M=C3=BCller window" },
        { "JSON escape", "M\\u00fcller window" },
        { "HTML named entity", "M&uuml;ller window" },
        { "HTML numeric entity", "M&#252;ller window" },
        { "RTF hex escape", "M\\'fcller window" },
        { "Base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("Müller")) + " window" },
        { "Base64 in a JSON-like value", "{\"n\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Jürgen")) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(EncodedNames))]
    public void Anonymize_NameEscapedOrEncodedInKeptText_DoesNotSurvive(string form, string kept)
    {
        var source = CreateInstance();
        source.SetString(DicomTag.WindowCenterWidthExplanation, kept);

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().NotBe(kept, form);
        result.Swept.Should().Contain(s => s.Path == "(0028,1055)", form);
    }

    [Fact]
    public void Anonymize_NameEncodedTwiceAsUtf8_DoesNotSurvive()
    {
        // UTF-8 read as Latin-1 and written as UTF-8 again: "MÃ¼ller" in a file that declares ISO_IR 192.
        var source = CreateInstance();
        source.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        source.SetString(DicomTag.WindowCenterWidthExplanation, "MÃ¼ller window");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().NotContain("ller");
    }

    [Theory]
    [InlineData("M?ller window", "ANONYMIZED window")]
    [InlineData("KneeMüller", "ANONYMIZED")]
    [InlineData("JürgenThorax left", "ANONYMIZED left")]
    [InlineData("MULLEROVA", "ANONYMIZED")]
    public void Anonymize_NameWithALetterLostOrGluedToAWord_IsReplaced(string kept, string expected)
    {
        var source = CreateInstance();
        source.SetString(DicomTag.WindowCenterWidthExplanation, kept);

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be(expected);
    }

    [Theory]
    [InlineData("100% of dose")]
    [InlineData("W=400 L=40")]
    [InlineData("A&B; window")]
    [InlineData("WindowCenter2")]
    [InlineData("SoftTissue window")]
    public void Anonymize_TextWithMarksButNoName_Stays(string kept)
    {
        var source = CreateInstance();
        source.SetString(DicomTag.WindowCenterWidthExplanation, kept);

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be(kept);
    }
}
