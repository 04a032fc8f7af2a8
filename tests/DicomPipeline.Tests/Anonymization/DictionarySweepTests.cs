using System.Globalization;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// One instance with a canary in every string and UID attribute of the dictionary, built at test time from
/// <see cref="DicomDictionary.Entries"/>: what survives de-identification must be on a reviewed list.
/// </summary>
public sealed class DictionarySweepTests
{
    /// <summary>Coded, numeric, age and time-of-day VRs: kept by VR (docs/anonymization.md), not free text.</summary>
    private static readonly HashSet<string> CodedVRs = ["CS", "AS", "DS", "IS", "TM"];

    private static readonly HashSet<string> FreeTextVRs = ["AE", "LO", "SH", "ST", "LT", "UT", "UC", "UR"];

    [Fact]
    public void Basic_EveryCanary_RemovedOrOnAReviewedList()
    {
        var (source, canaries) = CanaryInstance();

        var ds = Anonymize(source).Dataset;

        var survivors = canaries.Where(c => ds.TryGetElement(c.Key, out _) && (ds.GetString(c.Key) ?? string.Empty) == c.Value.Value)
            .Select(c => (Tag: c.Key, Vr: c.Value.Vr))
            .ToList();
        var keptFreeText = ReviewedAttributes.FreeText
            .Where(f => f.Class is FreeTextClass.Keep or FreeTextClass.Clean && f.Mask == uint.MaxValue)
            .Select(f => f.Tag)
            .ToHashSet();
        var classUids = ReviewedAttributes.UidClassTags.ToHashSet();
        var actions = new ConfidentialityProfileActions(Options());

        survivors.Should().NotBeEmpty("code meanings, manufacturer and the like are kept");
        survivors.Where(s => s.Vr is "PN" or "DA" or "DT").Should().BeEmpty("no person name or date survives");
        survivors.Where(s => s.Vr == "UI" && !classUids.Contains(s.Tag.Value)).Should().BeEmpty("every instance UID is remapped");
        survivors.Where(s => FreeTextVRs.Contains(s.Vr) && !keptFreeText.Contains(s.Tag.Value) && actions.Find(s.Tag) != ProfileAction.Keep)
            .Select(s => s.Tag.ToString())
            .Should().BeEmpty("every surviving text is on the reviewed keep or clean list");
        survivors.Should().OnlyContain(
            s => s.Vr == "UI" || FreeTextVRs.Contains(s.Vr) || CodedVRs.Contains(s.Vr),
            "nothing else survives");
    }

    [Fact]
    public void Strict_OnlyKeepListAttributesSurvive()
    {
        var (source, canaries) = CanaryInstance();
        var actions = new ConfidentialityProfileActions(Options());

        var ds = Anonymize(source, o => o.Policy = AnonymizationPolicy.Strict).Dataset;

        var keep = ReviewedAttributes.StrictKeepTags.ToHashSet();
        ds.Select(a => a.Tag).Where(t => !keep.Contains(t.Value) && actions.Find(t) != ProfileAction.Keep)
            .Select(t => t.ToString()).Should().BeEmpty("only the keep-list survives");
        ds.Select(a => a.Tag).Where(t => canaries.ContainsKey(t)).Should().NotBeEmpty("the keep-list holds some canaries");
        ds.GetString(DicomTag.Modality).Should().Be("CT");
        ds.GetNumberOrDefault(DicomTag.Rows, 0).Should().Be(2);
        ds.Contains(DicomTag.PixelData).Should().BeTrue();
        ds.GetString(DicomTag.SOPInstanceUID).Should().Be(new PseudonymGenerator(Secret).Uid(SopUid));
        ds.GetStrings(DicomTag.DeidentificationMethod).Should().Contain(v => v.StartsWith("Strict keep-list", StringComparison.Ordinal));
        canaries.Where(c => c.Value.Vr is "PN" or "DA" or "DT" && ds.Contains(c.Key) && ds.GetString(c.Key) == c.Value.Value)
            .Should().BeEmpty();
    }

    /// <summary>Every non-repeating attribute with one string VR or UI, each with a value of its own.</summary>
    private static (DicomDataset Dataset, Dictionary<DicomTag, (string Vr, string Value)> Canaries) CanaryInstance()
    {
        var dataset = CreateInstance();
        var canaries = new Dictionary<DicomTag, (string, string)>();
        var index = 0;
        foreach (var entry in DicomDictionary.Entries)
        {
            index++;
            var tag = entry.Tag;
            if (entry.IsRepeating || entry.ValueRepresentations.Count != 1 || tag.Group is 0x0000 or 0x0002
                || tag == DicomTag.SpecificCharacterSet || dataset.Contains(tag))
            {
                continue;
            }

            var vr = entry.ValueRepresentations[0];
            var value = Canary(vr, index);
            if (value is null)
            {
                continue;
            }

            dataset.SetString(tag, value, vr);
            canaries[tag] = (vr.Code, value);
        }

        return (dataset, canaries);
    }

    private static string? Canary(DicomVR vr, int index)
    {
        var date = new DateOnly(1950, 1, 1).AddDays(index).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var number = index.ToString(CultureInfo.InvariantCulture);
        return vr.Code switch
        {
            "PN" => "CANARY" + number + "^PERSON",
            "DA" => date,
            "DT" => date + "120000",
            "TM" => "120000",
            "UI" => "1.2.826.0.1.3680043.99.77." + number,
            "CS" => "CANARY" + number,
            "AS" => "042Y",
            "DS" => "1." + number,
            "IS" => number,
            "UR" => "http://canary.example/" + number,
            "AE" or "LO" or "SH" or "ST" or "LT" or "UT" or "UC" => "CANARY" + number,
            _ => null,
        };
    }
}
