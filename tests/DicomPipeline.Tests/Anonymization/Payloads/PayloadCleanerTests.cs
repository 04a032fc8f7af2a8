using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class PayloadCleanerTests
{
    public static TheoryData<string, AnonymizationPolicy> IconCases() => Matrix("top level", "nested item", "private text in the icon", "kept by a site rule", "icon with an ICC profile");

    public static TheoryData<string, AnonymizationPolicy> EncryptedCases() => Matrix("top level", "nested item", "item of an item", "kept by a site rule", "with its transfer syntax");

    [Theory]
    [MemberData(nameof(IconCases))]
    public async Task Anonymize_IconImageSequence_RemovedAtAnyDepth(string name, AnonymizationPolicy policy)
    {
        var icon = Image(2, 2);
        icon.SetBytes(DicomTag.PixelData, DicomVR.OB, Concat(Pixels(4), Plant(name.Length)));
        if (name == "private text in the icon")
        {
            icon.SetString(new DicomTag(0x00290010), "ACME 1.0", DicomVR.LO);
            icon.SetString(new DicomTag(0x00291001), "PID-4711", DicomVR.LO);
        }

        if (name == "icon with an ICC profile")
        {
            icon.SetBytes(DicomTag.ICCProfile, DicomVR.OB, IccProfileTests.Profile(IccProfileTests.DescElement("Muller^Jurgen")));
        }

        var ds = Image(2, 2);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        Place(ds, new DicomSequence(DicomTag.IconImageSequence, icon), name);

        var (output, _) = await AnonymizeFromFileAsync(ds, policy, configure: o => KeepBySiteRule(o, name, "(0088,0200)"));

        Leaks(output).Should().BeEmpty();
        Contains(await ReadAsync(output), DicomTag.IconImageSequence).Should().BeFalse();
    }

    [Fact]
    public void Clean_NestedIconsAndEncryptedItems_ReportedByTheirFullTagPathOnly()
    {
        // An icon two items down, an encrypted item one down beside a sequence with nothing to report: each action names
        // the sequences above it, outermost first, and nothing else leaves a path.
        var inner = new DicomDataset();
        inner.AddOrUpdate(new DicomSequence(DicomTag.IconImageSequence, Image(2, 2)));
        var outer = new DicomDataset();
        outer.AddOrUpdate(new DicomSequence(DicomTag.SourceImageSequence, inner));
        var encrypted = new DicomDataset();
        encrypted.AddOrUpdate(new DicomSequence(DicomTag.EncryptedAttributesSequence, new DicomDataset()));
        var plain = new DicomDataset();
        plain.SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2", DicomVR.UI);
        var ds = Image(2, 2);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        ds.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, plain, encrypted));
        ds.AddOrUpdate(new DicomSequence(DicomTag.DerivationImageSequence, outer));

        var actions = DicomPipeline.Anonymization.Payloads.PayloadCleaner.Clean(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        actions.Select(a => a.TagPath).Should().BeEquivalentTo(["(0008,1140)/(0400,0500)", "(0008,9124)/(0008,2112)/(0088,0200)"]);
    }

    [Theory]
    [MemberData(nameof(EncryptedCases))]
    public async Task Anonymize_EncryptedAttributesSequence_RemovedAtAnyDepth(string name, AnonymizationPolicy policy)
    {
        var encrypted = new DicomDataset();
        encrypted.SetBytes(DicomTag.EncryptedContent, DicomVR.OB, Concat(Pixels(10), Plant(name.Length)));
        if (name == "with its transfer syntax")
        {
            encrypted.SetString(DicomTag.EncryptedContentTransferSyntaxUID, "1.2.840.10008.1.2.1");
        }

        var ds = Image(2, 2);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        Place(ds, new DicomSequence(DicomTag.EncryptedAttributesSequence, encrypted), name);

        var (output, _) = await AnonymizeFromFileAsync(ds, policy, configure: o => KeepBySiteRule(o, name, "(0400,0500)"));

        Leaks(output).Should().BeEmpty();
        Contains(await ReadAsync(output), DicomTag.EncryptedAttributesSequence).Should().BeFalse();
    }

    [Fact]
    public void Anonymize_IconKeptBySiteRule_RemovedAndReported()
    {
        var ds = Image(2, 2);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OB, Pixels(4));
        ds.AddOrUpdate(new DicomSequence(DicomTag.IconImageSequence, Image(1, 1)));

        var result = AnonymizationTestData.Anonymize(ds, o => KeepBySiteRule(o, "kept by a site rule", "(0088,0200)"));

        result.Dataset.Contains(DicomTag.IconImageSequence).Should().BeFalse();
        result.PayloadActions.Should().ContainSingle(a => a.TagPath == "(0088,0200)" && a.Reason == "icon image removed");
    }

    private static TheoryData<string, AnonymizationPolicy> Matrix(params string[] names)
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var policy in Policies)
        {
            foreach (var name in names)
            {
                data.Add(name, policy);
            }
        }

        return data;
    }

    private static void Place(DicomDataset ds, DicomSequence sequence, string name)
    {
        if (name is "nested item" or "item of an item")
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.ReferencedSOPClassUID, AnonymizationTestData.CtImageStorage);
            item.SetString(DicomTag.ReferencedSOPInstanceUID, AnonymizationTestData.OtherSopUid);
            item.AddOrUpdate(sequence);
            if (name == "item of an item")
            {
                var outer = new DicomDataset();
                outer.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, item));
                ds.AddOrUpdate(new DicomSequence(DicomTag.SourceImageSequence, outer));
            }
            else
            {
                ds.AddOrUpdate(new DicomSequence(DicomTag.SourceImageSequence, item));
            }
        }
        else
        {
            ds.AddOrUpdate(sequence);
        }
    }

    private static void KeepBySiteRule(AnonymizationOptions options, string name, string tag)
    {
        if (name == "kept by a site rule")
        {
            options.Rules.Add(new AnonymizationRule { Name = "keep it", Tag = tag, Action = AnonymizationRuleAction.Keep });
        }
    }

    private static bool Contains(DicomDataset dataset, DicomTag tag) =>
        dataset.Contains(tag) || dataset.OfType<DicomSequence>().SelectMany(s => s.Items).Any(i => Contains(i, tag));
}
