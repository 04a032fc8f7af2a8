using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// The De-identification Method attributes are made once per anonymizer and given to every file: each file must
/// still get them in its own character set and its own sequence items.
/// </summary>
public sealed class DeidentificationMethodCodesTests
{
    private static ConfidentialityProfileAnonymizer WithNonAsciiKeepRule() =>
        new(Options(o => o.Rules.Add(new AnonymizationRule
        {
            Name = "keep",
            PrivateCreator = "MÜLLER MED",
            PrivateElement = "10",
            Action = AnonymizationRuleAction.Keep,
        })));

    private static DicomDataset InCharacterSet(string? specificCharacterSet)
    {
        var dataset = CreateInstance();
        if (specificCharacterSet is not null)
        {
            dataset.SetString(DicomTag.SpecificCharacterSet, specificCharacterSet, DicomVR.CS);
        }

        return dataset;
    }

    private static byte[] MethodBytes(AnonymizationResult result) =>
        ((DicomElement)result.Dataset[DicomTag.DeidentificationMethod]).MemoryBytes.ToArray();

    [Fact]
    public void Each_file_gets_the_method_text_in_its_own_character_set()
    {
        var anonymizer = WithNonAsciiKeepRule();

        // Alternating, so that a text encoded once for the first file's character set would show in the others.
        var latin1 = anonymizer.Anonymize(new DicomFile(InCharacterSet("ISO_IR 100")));
        var utf8 = anonymizer.Anonymize(new DicomFile(InCharacterSet("ISO_IR 192")));
        var latin1Again = anonymizer.Anonymize(new DicomFile(InCharacterSet("ISO_IR 100")));

        byte[] latin1Name = [0x4D, 0xDC, 0x4C, 0x4C, 0x45, 0x52];   // MÜLLER in ISO 8859-1
        byte[] utf8Name = [0x4D, 0xC3, 0x9C, 0x4C, 0x4C, 0x45, 0x52]; // MÜLLER in UTF-8
        MethodBytes(latin1).AsSpan().IndexOf(latin1Name).Should().BeGreaterThan(0);
        MethodBytes(utf8).AsSpan().IndexOf(utf8Name).Should().BeGreaterThan(0);
        MethodBytes(latin1Again).Should().Equal(MethodBytes(latin1));
        latin1.Dataset.GetString(DicomTag.DeidentificationMethod).Should().Contain("Site rule keeps MÜLLER MED 10");
        utf8.Dataset.GetString(DicomTag.DeidentificationMethod).Should().Contain("Site rule keeps MÜLLER MED 10");
    }

    [Fact]
    public void A_character_set_that_cannot_hold_the_text_fails_that_file_as_before()
    {
        var anonymizer = WithNonAsciiKeepRule();
        anonymizer.Anonymize(new DicomFile(InCharacterSet("ISO_IR 100")));

        // JIS X 0201 and JIS X 0208 have no Ü.
        var act = () => anonymizer.Anonymize(new DicomFile(InCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87")));

        act.Should().Throw<ArgumentException>().WithMessage("*Specific Character Set*");
    }

    [Fact]
    public void Two_files_never_share_a_code_sequence_item()
    {
        var anonymizer = new ConfidentialityProfileAnonymizer(Options(o => o.RetainUids = true));

        var first = anonymizer.Anonymize(new DicomFile(CreateInstance())).Dataset;
        var second = anonymizer.Anonymize(new DicomFile(CreateInstance())).Dataset;

        first.TryGetSequence(DicomTag.DeidentificationMethodCodeSequence, out var a).Should().BeTrue();
        second.TryGetSequence(DicomTag.DeidentificationMethodCodeSequence, out var b).Should().BeTrue();
        a!.Items.Should().HaveCount(2);
        a.Items.Zip(b!.Items).Should().OnlyContain(pair => !ReferenceEquals(pair.First, pair.Second));

        // Changing one file's item leaves the other's as it was.
        a.Items[0].SetString(DicomTag.CodeMeaning, "changed", DicomVR.LO);
        b.Items[0].GetString(DicomTag.CodeMeaning).Should().Be("Basic Application Confidentiality Profile");
        b.Items.Select(i => i.GetString(DicomTag.CodeValue)).Should().Equal("113100", "113110");
        second.GetString(DicomTag.PatientIdentityRemoved).Should().Be("YES");
        second.GetString(DicomTag.LongitudinalTemporalInformationModified).Should().Be("REMOVED");
    }
}
