using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// A date written into kept free text is taken out though the instance holds it nowhere else (a birth date in a code
/// meaning of a file whose own Patient's Birth Date is empty: the outside hunt's K35). The numbers, versions and codes
/// kept text is full of stay; and so for the digits of an identifier.
/// </summary>
public sealed class WrittenDateSweepTests
{
    [Theory]
    [InlineData("19320301", "ANONYMIZED")]
    [InlineData("DOB 1932-03-01", "DOB ANONYMIZED")]
    [InlineData("born 01.03.1932 in", "born ANONYMIZED in")]
    [InlineData("seen 3/1/1932", "seen ANONYMIZED")]
    [InlineData("1 March 1932 preset", "ANONYMIZED preset")]
    [InlineData("March 1st, 1932", "ANONYMIZED")]
    [InlineData("the 1st of March 1932", "the ANONYMIZED")]
    [InlineData("LUNG 01-MAR-32", "LUNG ANONYMIZED")]
    [InlineData("1932 Mar 01", "ANONYMIZED")]
    [InlineData("2. März 1932", "ANONYMIZED")]
    [InlineData("scan 193203011200 done", "scan ANONYMIZED done")]
    [InlineData("Lung window 19320301", "Lung window ANONYMIZED")]
    public void Anonymize_DateWrittenInACodeMeaningOfAFileWithoutOwnDates_IsReplaced(string meaning, string expected)
    {
        foreach (var policy in new[] { AnonymizationPolicy.Basic, AnonymizationPolicy.Strict })
        {
            var result = Anonymize(WithoutOwnDates(meaning), o => o.Policy = policy);

            MeaningOf(result.Dataset).Should().Be(expected, $"under {policy}");
            result.Swept.Should().Contain(s => s.Reason == "a date written in free text");
        }
    }

    [Theory]
    [InlineData("W 1500 L 40")]
    [InlineData("Version 3.1.2")]
    [InlineData("Slice 1.5 mm, 2019")]
    [InlineData("March 2019")]
    [InlineData("Mar 1")]
    [InlineData("31.02.1990")]
    [InlineData("Phase 2 of 3")]
    [InlineData("3/1/32")]
    [InlineData("1.2.840.10008.5.1.4")]
    [InlineData("Tue Feb 11 15:08:23 EST 2025")]
    [InlineData("built 11 Feb 15:08")]
    public void Anonymize_NumbersThatAreNoDate_Stay(string meaning)
    {
        var result = Anonymize(WithoutOwnDates(meaning), o => o.Policy = AnonymizationPolicy.Strict);

        MeaningOf(result.Dataset).Should().Be(meaning);
    }

    [Theory]
    [InlineData("MRN 00526026 lung", "MRN ANONYMIZED lung")]
    [InlineData("ZQ526026", "ZQANONYMIZED")]
    [InlineData("call 5551234567", "call ANONYMIZED")]
    [InlineData("Acc. 7788991 / 20 mm", "Acc. ANONYMIZED / 20 mm")]
    public void Anonymize_IdentifierDigitsTheInstanceHoldsNowhereElse_AreReplaced(string meaning, string expected)
    {
        // The hunt's K35: an ID in a code meaning of a file whose own Patient ID is empty.
        foreach (var policy in new[] { AnonymizationPolicy.Basic, AnonymizationPolicy.Strict })
        {
            var result = Anonymize(WithoutOwnDates(meaning), o => o.Policy = policy);

            MeaningOf(result.Dataset).Should().Be(expected, $"under {policy}");
            result.Swept.Should().Contain(s => s.Reason == "an identifier's digits written in free text");
        }
    }

    [Theory]
    [InlineData("Kernel 000000")]
    [InlineData("UID 1.2.840.113619.2.55.3")]
    [InlineData("ratio 987654.5")]
    [InlineData("W 12345 L 400")]
    public void Anonymize_NumbersThatAreNoIdentifier_Stay(string meaning)
    {
        var result = Anonymize(WithoutOwnDates(meaning), o => o.Policy = AnonymizationPolicy.Strict);

        MeaningOf(result.Dataset).Should().Be(meaning);
    }

    [Fact]
    public void Anonymize_KeptAttributeNamedForItsNumber_KeepsIt_ACodeValueToo()
    {
        // A device's serial number kept by Retain Device Identity is the option's point; DCM's code 113100 is a code.
        var source = WithCode("113100", "DCM");
        source.SetString(DicomTag.DeviceSerialNumber, "SN 88776655");

        var result = Anonymize(source, o => o.RetainDeviceIdentity = true);

        CodeValueOf(result.Dataset).Should().Be("113100");
        result.Dataset.GetString(DicomTag.DeviceSerialNumber).Should().Be("SN 88776655");
    }

    [Fact]
    public void Anonymize_SnomedConceptIdShapedLikeADate_IsTheCode_ALocalCodeIsNot()
    {
        // SNOMED CT's eight-digit identifiers (item, partition 00, check digit) can read as YYYYMMDD.
        var snomed = Anonymize(WithCode("19321001", "SCT"));
        var local = Anonymize(WithCode("19321001", "99LOCAL"));

        CodeValueOf(snomed.Dataset).Should().Be("19321001");
        CodeValueOf(local.Dataset).Should().NotContain("19321001");
    }

    [Fact]
    public void Anonymize_DateOfAVersion_IsARelease_AndStays()
    {
        // Two files of the outside hunt's Debian samples: a coding scheme's version is its release date.
        var source = WithCode("T-D0050", "SRT");
        var item = ItemOf(source);
        item.SetString(DicomTag.CodingSchemeVersion, "19971101");

        var result = Anonymize(source);

        ItemOf(result.Dataset).GetString(DicomTag.CodingSchemeVersion).Should().Be("19971101");
    }

    [Fact]
    public void Anonymize_FullDatesKeptByOption_WrittenDateStays()
    {
        // Retain Longitudinal Temporal Information with Full Dates: the user keeps dates, so a written one is no secret.
        var result = Anonymize(WithoutOwnDates("Lung window 1932-03-01"), o => o.RetainLongitudinalFullDates = true);

        MeaningOf(result.Dataset).Should().Be("Lung window 1932-03-01");
    }

    [Fact]
    public void Anonymize_WrittenDateBesideANeedle_BothAreReplaced()
    {
        // The needle search's hit and the written date are replaced in one pass over the value.
        var result = Anonymize(WithoutOwnDates("PID-4711 seen 1932-03-01"));

        MeaningOf(result.Dataset).Should().Be("ANONYMIZED seen ANONYMIZED");
    }

    private static DicomDataset WithoutOwnDates(string meaning)
    {
        var source = CreateInstance();
        foreach (var tag in new[] { DicomTag.PatientBirthDate, DicomTag.StudyDate, DicomTag.SeriesDate, DicomTag.DateOfLastCalibration })
        {
            source.Remove(tag);
        }

        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, item));
        item.SetString(DicomTag.CodeValue, "P9");
        item.SetString(DicomTag.CodingSchemeDesignator, "99LOCAL");
        item.SetString(DicomTag.CodeMeaning, meaning);
        return source;
    }

    private static DicomDataset WithCode(string value, string scheme)
    {
        var source = CreateInstance();
        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, item));
        item.SetString(DicomTag.CodeValue, value);
        item.SetString(DicomTag.CodingSchemeDesignator, scheme);
        item.SetString(DicomTag.CodeMeaning, "Region");
        return source;
    }

    private static string? MeaningOf(DicomDataset dataset) => ItemOf(dataset).GetString(DicomTag.CodeMeaning);

    private static string? CodeValueOf(DicomDataset dataset) => ItemOf(dataset).GetString(DicomTag.CodeValue);

    private static DicomDataset ItemOf(DicomDataset dataset)
    {
        dataset.TryGetSequence(DicomTag.AnatomicRegionSequence, out var kept).Should().BeTrue();
        return kept!.Items.Single();
    }
}
