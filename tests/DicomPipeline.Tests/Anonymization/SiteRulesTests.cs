using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

public sealed class SiteRulesTests
{
    private static readonly PseudonymGenerator Pseudonyms = new(Secret);

    [Theory]
    [InlineData("{\"Keyword\":\"PatientWieght\",\"Action\":\"Keep\"}", "rule 1 'w' names an unknown keyword 'PatientWieght'")]
    [InlineData("{\"Tag\":\"(0010,10)\",\"Action\":\"Remove\"}", "rule 1 'w' has a malformed tag '(0010,10)'")]
    [InlineData("{\"Keyword\":\"PatientName\",\"Action\":\"ShiftDate\"}", "rule 1 'w' shifts dates of VR PN")]
    [InlineData("{\"Keyword\":\"StudyDate\",\"Action\":\"RemapUid\"}", "rule 1 'w' remaps UIDs of VR DA")]
    [InlineData("{\"Keyword\":\"Rows\",\"Action\":\"Replace\",\"Value\":\"1\"}", "rule 1 'w' replaces a value of VR US")]
    [InlineData("{\"Keyword\":\"PatientAge\",\"Action\":\"Replace\"}", "rule 1 'w' replaces but has no Value")]
    [InlineData("{\"Group\":\"10\",\"Action\":\"Remove\"}", "rule 1 'w' has a malformed group '10'")]
    [InlineData("{\"Keyword\":\"PatientName\",\"Action\":\"Keep\"}", "rule 1 'w' targets PatientName, which is always the pseudonym")]
    [InlineData("{\"Tag\":\"(0010,0020)\",\"Action\":\"Replace\",\"Value\":\"X\"}", "rule 1 'w' targets (0010,0020), which is always the pseudonym")]
    [InlineData("{\"PrivateCreator\":\"ACME 1.0\",\"Action\":\"Keep\"}", "rule 1 'w' has PrivateCreator but a malformed PrivateElement")]
    public async Task Constructor_MalformedRule_OneErrorNamingTheRule(string json, string expected)
    {
        var rule = await ReadAsync("[" + json.Replace("{", "{\"Name\":\"w\",", StringComparison.Ordinal) + "]");

        var act = () => new ConfidentialityProfileAnonymizer(Options(o => o.Rules.Add(rule[0])));

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().StartWith("Anonymization " + expected);
    }

    [Fact]
    public async Task Anonymize_Rules_ApplyOnTopAndKeepsAreReported()
    {
        var rules = await ReadAsync("""
            [
              // comments and trailing commas are allowed
              { "Name": "weight for dosimetry", "Keyword": "PatientWeight", "Action": "Keep" },
              { "Keyword": "InstitutionName", "Action": "Replace", "Value": "Site A" },
              { "Tag": "(0020,0010)", "Action": "Hash" },
              { "PrivateCreator": "ACME 1.0", "PrivateElement": "02", "Action": "Keep" },
              { "Keyword": "SeriesDate", "Action": "ShiftDate" },
              { "Range": "(0018,1000)-(0018,10FF)", "Action": "Remove" },
            ]
            """);
        var source = CreateInstance();
        source.SetString(DicomTag.PatientWeight, "72.5");

        var ds = Anonymize(source, o =>
        {
            foreach (var rule in rules)
            {
                o.Rules.Add(rule);
            }
        }).Dataset;

        ds.GetString(DicomTag.PatientWeight).Should().Be("72.5", "the table removes it, the site keeps it");
        ds.GetString(DicomTag.InstitutionName).Should().Be("Site A");
        ds.GetString(DicomTag.StudyID).Should().Be(Pseudonyms.Hash("STUDY-ID-42")).And.HaveLength(16);
        ds.GetString(new DicomTag(0x00091002)).Should().Be("safe value");
        ds.GetString(new DicomTag(0x00090010)).Should().Be("ACME 1.0", "a kept private element keeps its creator");
        ds.Contains(new DicomTag(0x00091001)).Should().BeFalse();
        ds.GetDate(DicomTag.SeriesDate).Should().Be(new DateOnly(2024, 1, 30).AddDays(Pseudonyms.DateShiftDays("PID-4711")));
        ds.Contains(DicomTag.DeviceSerialNumber).Should().BeFalse("(0018,1000) is in the removed range");
        ds.GetStrings(DicomTag.DeidentificationMethod).Should().Contain(["Site rule keeps PatientWeight", "Site rule keeps ACME 1.0 02"]);
    }

    [Fact]
    public void ReportOptions_StrictPolicyAndKeepRules_Listed()
    {
        var options = Options(o =>
        {
            o.Policy = AnonymizationPolicy.Strict;
            o.Rules.Add(new AnonymizationRule { Keyword = "PatientWeight", Action = AnonymizationRuleAction.Keep });
            o.Rules.Add(new AnonymizationRule { Keyword = "PatientSize", Action = AnonymizationRuleAction.Remove });
        });

        DicomPipeline.Pipeline.RunRecords.EnabledOptions(options)
            .Should().Equal("StrictPolicy", "Site rule keeps PatientWeight");
    }

    [Fact]
    public async Task ReadJsonAsync_NotAnArray_ThrowsWithLine()
    {
        var act = () => ReadAsync("{ \"Keyword\": ");

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("line 1");
    }

    private static async Task<IReadOnlyList<AnonymizationRule>> ReadAsync(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        try
        {
            return await AnonymizationRule.ReadJsonAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
