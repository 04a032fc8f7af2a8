using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// Issue 23: nothing identifying survives in what we keep. Every planted case of <see cref="PlantedIdentifierCorpus"/>
/// is de-identified under the basic and the strict policy, and the written file is searched as bytes for the planted
/// spellings; the sweep's actions are in the result by tag path and reason, never with the value.
/// </summary>
public sealed class KeptValueSweepTests
{
    public static TheoryData<string, AnonymizationPolicy> CasesAndPolicies()
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var planted in PlantedIdentifierCorpus.Cases())
        {
            data.Add(planted.Name, AnonymizationPolicy.Basic);
            data.Add(planted.Name, AnonymizationPolicy.Strict);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndPolicies))]
    public async Task Anonymize_PlantedIdentifier_LeavesNoSpellingOfIt(string caseName, AnonymizationPolicy policy)
    {
        var planted = PlantedIdentifierCorpus.Cases().Single(c => c.Name == caseName);
        var source = PlantedIdentifierCorpus.Base();
        planted.Plant(source);

        var result = Anonymize(source, o => o.Policy = policy);
        var bytes = await ToBytesAsync(result.File);

        planted.FoundIn(bytes).Should().BeEmpty($"'{caseName}' must not survive under {policy}");
    }

    [Fact]
    public void Cases_AtLeastFivePerCategory()
    {
        var categories = PlantedIdentifierCorpus.Cases().GroupBy(c => c.Name[..c.Name.IndexOf(':', StringComparison.Ordinal)]);
        categories.Select(g => g.Key).Should().BeEquivalentTo(
            ["code meaning", "code value", "explanation", "invalid CS", "invalid DS", "invalid IS", "invalid TM", "invalid AS", "AT", "OB", "OW", "OF", "class UID", "kept word"]);
        PlantedIdentifierCorpus.Cases().Count(c => c.Name.StartsWith("code", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(5);
        PlantedIdentifierCorpus.Cases().Count(c => c.Name.StartsWith("invalid", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(5);
        PlantedIdentifierCorpus.Cases().Count(c => c.Name.StartsWith('O')).Should().BeGreaterThanOrEqualTo(5);
        foreach (var category in new[] { "explanation", "AT", "class UID", "kept word" })
        {
            PlantedIdentifierCorpus.Cases().Count(c => c.Name.StartsWith(category + ":", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(5, category);
        }
    }

    [Fact]
    public void Anonymize_NameInCodeMeaning_OnlyTheNameWordsAreReplaced_AndTheActionIsReportedWithoutTheValue()
    {
        var source = PlantedIdentifierCorpus.Base();
        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.ProcedureCodeSequence, item));
        item.SetString(DicomTag.CodeValue, "P1");
        item.SetString(DicomTag.CodingSchemeDesignator, "99TEST");
        item.SetString(DicomTag.CodeMeaning, "CT chest of Jürgen Müller, contrast");

        var result = Anonymize(source);

        result.Dataset.TryGetSequence(DicomTag.ProcedureCodeSequence, out var kept).Should().BeTrue();
        kept!.Items.Single().GetString(DicomTag.CodeMeaning).Should().Be("CT chest of ANONYMIZED, contrast", "the whole name is one match: one placeholder");
        result.Swept.Should().Contain(new SweptValue("(0008,1032)/(0008,0104)", "held an identifying value of the instance"));
        result.Swept.Should().OnlyContain(s => !s.Path.Contains("Müller", StringComparison.Ordinal) && !s.Reason.Contains("Müller", StringComparison.Ordinal));
    }

    [Fact]
    public void Anonymize_CleanInstance_SweepsNothing()
    {
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.WindowCenterWidthExplanation, "WINDOW1");
        source.SetString(DicomTag.BodyPartExamined, "CHEST");
        source.SetString(DicomTag.Manufacturer, "ACME Medical");

        var result = Anonymize(source);

        result.Swept.Should().BeEmpty();
        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("ACME Medical");
        result.Dataset.GetString(DicomTag.BodyPartExamined).Should().Be("CHEST");
    }

    [Fact]
    public void Anonymize_KeptByOption_IsNoNeedle()
    {
        // Retain Institution Identity keeps the institution: the same words elsewhere are then no secret either.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.Manufacturer, "St. Elsewhere Hospital");

        var result = Anonymize(source, o => o.RetainInstitutionIdentity = true);

        result.Dataset.GetString(DicomTag.InstitutionName).Should().Be("St. Elsewhere Hospital");
        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("St. Elsewhere Hospital");
    }

    [Fact]
    public void Anonymize_PersonIdentificationCodeSequence_KeepsNoValueOfTheItem()
    {
        var source = PlantedIdentifierCorpus.Base();
        var code = new DicomDataset();
        code.SetString(DicomTag.CodeValue, "EMP-55123");
        code.SetString(DicomTag.CodingSchemeDesignator, "HOSPITALHR");
        code.SetString(DicomTag.CodeMeaning, "Badge of Dr Kowalski");
        var observer = new DicomDataset();
        observer.AddOrUpdate(new DicomSequence(DicomTag.PersonIdentificationCodeSequence, code));
        source.AddOrUpdate(new DicomSequence(DicomTag.OperatorIdentificationSequence, observer));

        var result = Anonymize(source);
        var texts = AllText(result.Dataset).ToList();

        texts.Should().NotContain(t => t.Contains("EMP-55123", StringComparison.Ordinal) || t.Contains("Kowalski", StringComparison.Ordinal) || t.Contains("HOSPITALHR", StringComparison.Ordinal));
    }

    [Fact]
    public void Anonymize_ClassUidOfTheStandard_IsKept_EvenWhenOurRegistryIsOlder()
    {
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.999");
        var scheme = new DicomDataset();
        scheme.SetString(DicomTag.CodingSchemeDesignator, "SCT");
        scheme.SetString(DicomTag.CodingSchemeUID, "2.16.840.1.113883.6.96");
        source.AddOrUpdate(new DicomSequence(DicomTag.CodingSchemeIdentificationSequence, scheme));

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.SOPClassUID).Should().Be("1.2.840.10008.5.1.4.1.1.999");
        result.Dataset.TryGetSequence(DicomTag.CodingSchemeIdentificationSequence, out var kept).Should().BeTrue();
        kept!.Items.Single().GetString(DicomTag.CodingSchemeUID).Should().Be("2.16.840.1.113883.6.96");
    }

    private static IEnumerable<string> AllText(DicomDataset dataset)
    {
        foreach (var attribute in dataset)
        {
            if (attribute is DicomSequence sequence)
            {
                foreach (var text in sequence.Items.SelectMany(AllText))
                {
                    yield return text;
                }
            }
            else if (attribute is DicomElement { VR.IsString: true, IsInSourceFile: false } element)
            {
                yield return dataset.GetString(element.Tag) ?? string.Empty;
            }
        }
    }
}
