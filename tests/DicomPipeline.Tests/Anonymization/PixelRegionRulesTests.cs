using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Tests.Anonymization;

public sealed class PixelRegionRulesTests
{
    private static readonly AnonymizationRule UltrasoundBanner = new()
    {
        Name = "Acme US banner",
        PixelRegions = ["0,0,640,40", "600, 440, 40, 40"],
        Device = new PixelDeviceSignature { Modality = "US", Manufacturer = "ACME", Rows = 480, Columns = 640 },
    };

    [Fact]
    public void Find_DeviceMatches_GivesItsRegions()
    {
        var rules = PixelRegionRules.Compile([UltrasoundBanner]);

        var boxes = rules.Find(Image("US", "Acme ", 480, 640));

        boxes.Should().Equal(new PixelBox(0, 0, 640, 40), new PixelBox(600, 440, 640, 480));
    }

    [Theory]
    [InlineData("CT", "ACME", 480, 640)]
    [InlineData("US", "OTHER", 480, 640)]
    [InlineData("US", "ACME", 600, 800)]
    public void Find_OtherDevice_GivesNothing(string modality, string manufacturer, int rows, int columns)
    {
        PixelRegionRules.Compile([UltrasoundBanner]).Find(Image(modality, manufacturer, rows, columns)).Should().BeEmpty();
    }

    [Fact]
    public void ThrowIfInvalid_PixelRuleAmongAttributeRules_IsAccepted()
    {
        var options = new AnonymizationOptions { Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a" };
        options.Rules.Add(UltrasoundBanner);
        options.Rules.Add(new AnonymizationRule { Keyword = "PatientWeight", Action = AnonymizationRuleAction.Keep });

        options.Invoking(o => o.ThrowIfInvalid()).Should().NotThrow();
    }

    [Theory]
    [InlineData("0,0,640")]
    [InlineData("0,0,0,40")]
    [InlineData("-1,0,10,10")]
    [InlineData("a,b,c,d")]
    public void ThrowIfInvalid_MalformedRegion_NamesTheRule(string region)
    {
        var options = new AnonymizationOptions { Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a" };
        options.Rules.Add(new AnonymizationRule { Name = "bad", PixelRegions = [region] });

        options.Invoking(o => o.ThrowIfInvalid()).Should().Throw<InvalidOperationException>().WithMessage("*rule 1 'bad'*left,top,width,height*");
    }

    [Fact]
    public void ThrowIfInvalid_PixelRuleSelectingAnAttribute_Throws()
    {
        var options = new AnonymizationOptions { Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a" };
        options.Rules.Add(new AnonymizationRule { Keyword = "PatientName", PixelRegions = ["0,0,10,10"] });

        options.Invoking(o => o.ThrowIfInvalid()).Should().Throw<InvalidOperationException>().WithMessage("*one or the other*");
    }

    private static DicomDataset Image(string modality, string manufacturer, int rows, int columns) => new DicomDataset()
        .SetString(DicomTag.Modality, modality)
        .SetString(new DicomTag(0x00080070), manufacturer)
        .SetNumbers<ushort>(DicomTag.Rows, DicomVR.US, (ushort)rows)
        .SetNumbers<ushort>(DicomTag.Columns, DicomVR.US, (ushort)columns);
}
