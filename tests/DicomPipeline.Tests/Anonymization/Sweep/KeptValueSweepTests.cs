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
    public static TheoryData<string, AnonymizationPolicy> CasesAndPolicies() => PlantedIdentifierCorpus.UnderBothPolicies(PlantedIdentifierCorpus.Cases());

    [Theory]
    [MemberData(nameof(CasesAndPolicies))]
    public async Task Anonymize_PlantedIdentifier_LeavesNoSpellingOfIt(string caseName, AnonymizationPolicy policy)
    {
        var planted = PlantedIdentifierCorpus.Cases().Single(c => c.Name == caseName);

        var survivors = await PlantedIdentifierCorpus.SurvivorsAsync(planted, policy);

        survivors.Should().BeEmpty($"'{caseName}' must not survive under {policy}");
    }

    /// <summary>
    /// The cases that leak when the sweep is left out. The others are places issue 23 named that a layer before the sweep
    /// now handles: binary payloads the payload step cuts or removes (an ICC profile that is not one, LUT data without a
    /// descriptor, an encapsulated document the profile removes), class-UID attributes whose UIDs outside the standard's
    /// are remapped by the UID rule, and two attributes the profile removes (Patient's Age, Acquisition Time).
    /// </summary>
    public static TheoryData<string> CasesThatNeedTheSweep() =>
    [
        .. PlantedIdentifierCorpus.Cases().Select(c => c.Name).Where(n => !n.StartsWith("class UID:", StringComparison.Ordinal)
            && n is not ("OB: ICC profile, Latin-1" or "OB: encapsulated document, UTF-8" or "OW: palette data, UTF-16LE ID" or "invalid AS: a date" or "invalid TM: a word")),
    ];

    [Theory]
    [MemberData(nameof(CasesThatNeedTheSweep))]
    public async Task Anonymize_SweepSkipped_PlantedIdentifierLeaks(string caseName)
    {
        // Each case must need the sweep: one the layers before it already remove would prove nothing about it.
        var planted = PlantedIdentifierCorpus.Cases().Single(c => c.Name == caseName);
        var source = PlantedIdentifierCorpus.Base();
        planted.Plant(source);

        var result = Anonymize(source, o => o.SkipKnownIdentifierSweep = true);
        var bytes = await ToBytesAsync(result.File);

        planted.FoundIn(bytes).Should().NotBeEmpty($"'{caseName}' must leak when the sweep does not run");
    }

    [Fact]
    public void Cases_AtLeastFivePerCategoryOfTheIssue()
    {
        // The places of issue 23's list: text VRs (codes, explanations, kept words), the other VRs, the characters of
        // AT values, binary values, text under a character set that lies, values their VR forbids, class-UID attributes.
        var categories = PlantedIdentifierCorpus.Cases().GroupBy(c => CategoryOf(c.Name)).ToDictionary(g => g.Key, g => g.Count());

        categories.Keys.Should().BeEquivalentTo(
            ["codes", "explanations", "kept words", "values of other VRs", "AT values", "binary values", "character set", "values their VR forbids", "class-UID attributes"]);
        categories.Should().OnlyContain(c => c.Value >= 5, "issue 23 asks for at least 5 cases of each category");
    }

    private static string CategoryOf(string caseName)
    {
        var prefix = caseName[..caseName.IndexOf(':', StringComparison.Ordinal)];
        return prefix switch
        {
            "code meaning" or "code value" => "codes",
            "explanation" => "explanations",
            "kept word" => "kept words",
            "other VR" => "values of other VRs",
            "AT" => "AT values",
            "OB" or "OW" or "OF" or "OD" or "OL" or "UN" => "binary values",
            "charset" => "character set",
            "class UID" => "class-UID attributes",
            _ when prefix.StartsWith("invalid ", StringComparison.Ordinal) => "values their VR forbids",
            _ => prefix,
        };
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
    public void Anonymize_InstitutionIsAPlaceholderWord_EquipmentWordsAreKept()
    {
        // pydicom's RT files: InstitutionName "Here" beside Manufacturer "Manufacturer name here" (4 real files lost
        // their maker's words to the sweep). A placeholder equal to another placeholder names no one.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.InstitutionName, "Here");
        source.SetString(DicomTag.Manufacturer, "Manufacturer name here");
        source.SetString(DicomTag.ManufacturerModelName, "Treatment Planning System name here");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("Manufacturer name here");
        result.Dataset.GetString(DicomTag.ManufacturerModelName).Should().Be("Treatment Planning System name here");
        result.Swept.Should().BeEmpty();
    }

    [Fact]
    public void Anonymize_InstitutionWithARealName_ItsWordsInEquipmentAreStillReplaced()
    {
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.InstitutionName, "Krankenhaus Elsterwerda");
        source.SetString(DicomTag.Manufacturer, "Made for Krankenhaus Elsterwerda");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("Made for ANONYMIZED");
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
