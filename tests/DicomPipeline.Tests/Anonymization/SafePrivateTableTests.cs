using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// Retain Safe Private keeps the standard's own list, PS3.15 Table E.3.10-1, with no site list at all; other elements of
/// the same creator still go; what is kept is still swept for the instance's identifiers.
/// </summary>
public sealed class SafePrivateTableTests
{
    private static readonly DicomTag SuvCreator = new(0x70530010);
    private static readonly DicomTag SuvFactor = new(0x70531000);
    private static readonly DicomTag ActivityFactor = new(0x70531009);
    private static readonly DicomTag NotListed = new(0x70531055);

    [Fact]
    public void StandardTable_IsVendoredWhole()
    {
        // 130 rows in the edition vendored (eng/deidentification/safe-private-attributes.tsv); a lost file or a parser
        // that reads no row fails here, not silently.
        SafePrivateAttributes.StandardCount.Should().Be(130);
    }

    [Fact]
    public void Anonymize_RetainSafePrivate_KeepsTheStandardsSafeElementsOnly()
    {
        var result = Anonymize(WithPhilipsPet("2.5", "0.75"), o => o.RetainSafePrivate = true);

        result.Dataset.GetString(SuvCreator).Should().Be("Philips PET Private Group");
        result.Dataset.GetString(SuvFactor).Should().Be("2.5");
        result.Dataset.GetString(ActivityFactor).Should().Be("0.75");
        result.Dataset.Contains(NotListed).Should().BeFalse("the table does not list it");
    }

    [Fact]
    public void Anonymize_WithoutTheOption_RemovesTheWholeBlock()
    {
        var result = Anonymize(WithPhilipsPet("2.5", "0.75"));

        result.Dataset.Contains(SuvCreator).Should().BeFalse();
        result.Dataset.Contains(SuvFactor).Should().BeFalse();
    }

    [Fact]
    public void Anonymize_SafeElementHoldingTheIdsDigits_IsSwept()
    {
        var source = WithPhilipsPet("4711123", "0.75");
        source.SetString(DicomTag.PatientID, "MRN-4711123");

        var result = Anonymize(source, o => o.RetainSafePrivate = true);

        result.Dataset.GetString(SuvFactor).Should().NotContain("4711123");
        result.Swept.Should().Contain(s => s.Path == "(7053,1000)");
    }

    private static DicomDataset WithPhilipsPet(string suv, string activity)
    {
        var ds = CreateInstance();
        ds.SetString(SuvCreator, "Philips PET Private Group", DicomVR.LO);
        ds.SetString(SuvFactor, suv, DicomVR.DS);
        ds.SetString(ActivityFactor, activity, DicomVR.DS);
        ds.SetString(NotListed, "private words", DicomVR.LO);
        return ds;
    }
}
