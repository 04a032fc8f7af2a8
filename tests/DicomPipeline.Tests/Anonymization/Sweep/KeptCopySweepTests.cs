using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// The sweep hunts for every kind of identifying value the profile removes, in every spelling it is written with:
/// each case of <see cref="KeptCopyCorpus"/> plants a value and a copy of it in kept text, and the written file must not
/// hold the copy under either policy. The kept words that name no one stay.
/// </summary>
public sealed class KeptCopySweepTests
{
    public static TheoryData<string, AnonymizationPolicy> CasesAndPolicies() => PlantedIdentifierCorpus.UnderBothPolicies(KeptCopyCorpus.Cases());

    [Theory]
    [MemberData(nameof(CasesAndPolicies))]
    public async Task Anonymize_CopyOfAnIdentifyingValueInKeptText_DoesNotSurvive(string caseName, AnonymizationPolicy policy)
    {
        var planted = KeptCopyCorpus.Cases().Single(c => c.Name == caseName);

        var survivors = await PlantedIdentifierCorpus.SurvivorsAsync(planted, policy);

        survivors.Should().BeEmpty($"'{caseName}' must not survive under {policy}");
    }

    [Theory]
    [InlineData("Protocol of Dr Xalefilum", "Protocol of Dr ANONYMIZED")]
    [InlineData("Dr. Gunderlop preset", "Dr. ANONYMIZED preset")]
    [InlineData("PRESET OF DR. QUENBY OKAFOR", "PRESET OF DR. ANONYMIZED ANONYMIZED")]
    [InlineData("read by Fabrizig MD", "read by ANONYMIZED MD")]
    [InlineData("Prof Zebulux lung", "Prof ANONYMIZED lung")]
    [InlineData("DR CHEST PA", "DR CHEST PA")]
    [InlineData("MR BRAIN Routine", "MR BRAIN Routine")]
    [InlineData("Ms lesion window", "Ms lesion window")]
    public void Anonymize_NameAfterATitleInACodeMeaning_IsReplaced_AndModalitiesAreNot(string meaning, string expected)
    {
        // A physician named only here is no value of the instance to hunt for; the title says it is a person.
        var source = PlantedIdentifierCorpus.Base();
        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, item));
        item.SetString(DicomTag.CodeValue, "P9");
        item.SetString(DicomTag.CodingSchemeDesignator, "99LOCAL");
        item.SetString(DicomTag.CodeMeaning, meaning);

        var result = Anonymize(source, o => o.Policy = AnonymizationPolicy.Strict);

        result.Dataset.TryGetSequence(DicomTag.AnatomicRegionSequence, out var kept).Should().BeTrue();
        kept!.Items.Single().GetString(DicomTag.CodeMeaning).Should().Be(expected);
    }

    [Fact]
    public void Anonymize_InstitutionAndAddressWords_OnlyTheDistinctiveOnesAreReplaced()
    {
        // The words every institution and street has (General, Hospital, Medical, Road) name no one; the town does.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.InstitutionName, "General Hospital of Springfield");
        source.SetString(DicomTag.InstitutionAddress, "5 Medical Plaza Road");
        source.SetString(DicomTag.WindowCenterWidthExplanation, "General Springfield");
        source.SetString(DicomTag.Manufacturer, "ACME MEDICAL SYSTEMS");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("General ANONYMIZED");
        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("ACME MEDICAL SYSTEMS");
    }

    [Fact]
    public void Anonymize_InstitutionNamedForABodyPartAndStationForItsMaker_CodesAndMakerAreKept()
    {
        // Two real files (heudiconv's, and a Philips MR of nibabel's) lost BRAIN and Philips to the first version of
        // the place words: "NYU Center for Brain Imaging" and the station "PHILIPS-E34D2B9".
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.InstitutionName, "NYU Center for Brain Imaging");
        source.SetString(DicomTag.StationName, "PHILIPS-E34D2B9");
        source.SetString(DicomTag.BodyPartExamined, "BRAIN");
        source.SetString(DicomTag.Manufacturer, "Philips Medical Systems");
        source.SetString(DicomTag.WindowCenterWidthExplanation, "Brain window");

        var result = Anonymize(source);

        result.Dataset.GetString(DicomTag.BodyPartExamined).Should().Be("BRAIN");
        result.Dataset.GetString(DicomTag.Manufacturer).Should().Be("Philips Medical Systems");
        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("Brain window");
    }

    [Fact]
    public void Anonymize_PlaceWordAloneInACode_IsTheCode_InTextItIsReplaced()
    {
        // A coded string equal to one word of a place is the code (a department called "Zorvath Unit" and a CS value
        // ZORVATH are more likely a coincidence of vocabularies than a leak); the same word in text is replaced.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.InstitutionalDepartmentName, "Zorvath Unit");
        source.AddOrUpdate(new DicomElement(new DicomTag(0x00180022), DicomVR.CS, "ZORVATH "u8.ToArray()));
        source.SetString(DicomTag.WindowCenterWidthExplanation, "Zorvath window");

        var result = Anonymize(source);

        result.Dataset.GetString(new DicomTag(0x00180022)).Should().Be("ZORVATH");
        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("ANONYMIZED window");
    }

    [Fact]
    public void Anonymize_FourDigitId_IsReplacedInTextButNotInNumbers()
    {
        // A four-digit ID is looked for only as a word of free text: a window width of the same digits is a number.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.PatientID, "1500");
        source.SetString(new DicomTag(0x00281051), "1500");
        source.SetString(DicomTag.WindowCenterWidthExplanation, "W 1500");

        var result = Anonymize(source);

        result.Dataset.GetString(new DicomTag(0x00281051)).Should().Be("1500");
        result.Dataset.GetString(DicomTag.WindowCenterWidthExplanation).Should().Be("W ANONYMIZED");
    }

    [Fact]
    public void Anonymize_StationWordsOfTheStandard_AreKept()
    {
        // A station named by the standard's words (CT, STATION, LUNG) hides no one in a code meaning that uses them.
        var source = PlantedIdentifierCorpus.Base();
        source.SetString(DicomTag.StationName, "CT STATION");
        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, item));
        item.SetString(DicomTag.CodeValue, "39607008");
        item.SetString(DicomTag.CodingSchemeDesignator, "SCT");
        item.SetString(DicomTag.CodeMeaning, "Lung");

        var result = Anonymize(source);

        result.Dataset.TryGetSequence(DicomTag.AnatomicRegionSequence, out var kept).Should().BeTrue();
        kept!.Items.Single().GetString(DicomTag.CodeMeaning).Should().Be("Lung");
        result.Swept.Should().BeEmpty();
    }

    [Fact]
    public void Anonymize_SafePrivateDateKeptByOption_IsNoNeedle()
    {
        // What the user keeps is no secret to hunt for: a private date kept by Retain Safe Private stays as it is.
        var source = PlantedIdentifierCorpus.Base();
        var creator = new DicomTag(0x0015, 0x0010);
        var date = new DicomTag(0x0015, 0x1002);
        source.AddOrUpdate(new DicomElement(creator, DicomVR.LO, "ACME 1.0"u8.ToArray()));
        source.AddOrUpdate(new DicomElement(date, DicomVR.DA, "20010203"u8.ToArray()));

        var result = Anonymize(source, o =>
        {
            o.RetainSafePrivate = true;
            o.SafePrivateTags.Add(new SafePrivateTag("ACME 1.0", 0x02));
        });

        result.Dataset.GetString(date).Should().Be("20010203");
    }
}
