using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DicomPipeline.Tests.Deploy;

/// <summary>
/// No cluster here: the Indexed Job's podFailurePolicy (deploy/kubernetes/deidentify-job.yaml) is read and applied, the
/// way the Job controller applies it (the first rule that matches decides; no rule matching counts the failure against
/// backoffLimitPerIndex), to the console's own exit codes (samples/DicomPipeline.Console/ExitCodes.cs).
/// </summary>
public sealed partial class KubernetesJobExitCodeTests
{
    private static readonly Dictionary<string, int> Codes = ReadExitCodes();

    [Fact]
    public void ExitCodes_AreTheOnesTheJobsPolicyIsWrittenFor()
    {
        Codes.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["Ok"] = 0,
            ["UsageOrBadInput"] = 1,
            ["SomeFilesFailed"] = 2,
            ["IdentifyingDataFound"] = 3,
            ["Cancelled"] = 130,
        }, "a new or changed exit code needs its rule in deploy/kubernetes/deidentify-job.yaml and its row in README.md");
    }

    [Fact]
    public void PodFailurePolicy_ExitOk_IndexSucceeds()
    {
        // The exit code of a run over an export with a README, a DICOMDIR and thumbnails (LoadStageTests: complete).
        Job().Outcome(Codes["Ok"], disrupted: false).Should().Be("Succeeded");
    }

    [Fact]
    public void PodFailurePolicy_UsageError_FailsTheJobWithoutRetries()
    {
        Job().Outcome(Codes["UsageOrBadInput"], disrupted: false).Should().Be("FailJob");
    }

    [Fact]
    public void PodFailurePolicy_SomeDicomFilesFailed_RetriesTheIndex()
    {
        Job().Outcome(Codes["SomeFilesFailed"], disrupted: false).Should().Be("Count");
        Job().BackoffLimitPerIndex.Should().BeGreaterThan(0, "Count retries the index only while its backoff lasts");
    }

    [Fact]
    public void PodFailurePolicy_IdentifyingDataFound_FailsTheIndexWithoutRetry()
    {
        Job().Outcome(Codes["IdentifyingDataFound"], disrupted: false).Should().Be("FailIndex");
    }

    [Fact]
    public void PodFailurePolicy_StoppedByKubernetes_EvictionIgnoredAndOtherStopsCounted()
    {
        Job().Outcome(Codes["Cancelled"], disrupted: true).Should().Be("Ignore");
        Job().Outcome(Codes["Cancelled"], disrupted: false).Should().Be("Count");
    }

    [Fact]
    public void PodFailurePolicy_IsValidForTheJobItGoverns()
    {
        var job = Job();

        // The API server refuses a podFailurePolicy unless pods are never restarted in place; FailIndex needs
        // backoffLimitPerIndex; a containerName must name a container of the pod.
        job.RestartPolicy.Should().Be("Never");
        job.BackoffLimitPerIndex.Should().NotBeNull();
        job.Rules.Where(r => r.ContainerName is not null).Select(r => r.ContainerName).Should().OnlyContain(n => job.Containers.Contains(n!));
        job.Rules.Select(r => r.Action).Should().BeSubsetOf(["FailJob", "FailIndex", "Ignore", "Count"]);
        job.Rules.Where(r => r.ExitCodes.Count > 0).SelectMany(r => r.ExitCodes).Should().NotContain(0, "exit code 0 is success and may not appear in a rule");
    }

    private static IndexedJob Job() => IndexedJob.Load(Path.Combine(DeployFilesTests.DeployFolder, "kubernetes", "deidentify-job.yaml"));

    private static Dictionary<string, int> ReadExitCodes()
    {
        var source = File.ReadAllText(Path.Combine(DeployFilesTests.DeployFolder, "..", "samples", "DicomPipeline.Console", "ExitCodes.cs"));
        return ExitCodeConstant().Matches(source).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"public const int (\w+) = (\d+);")]
    private static partial Regex ExitCodeConstant();

    private sealed record PolicyRule(string Action, string? ContainerName, string? Operator, IReadOnlyList<int> ExitCodes, IReadOnlyList<string> PodConditions);

    private sealed record IndexedJob(string RestartPolicy, int? BackoffLimitPerIndex, IReadOnlyList<string> Containers, IReadOnlyList<PolicyRule> Rules)
    {
        public static IndexedJob Load(string path)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["spec"];
            var pod = (YamlMappingNode)((YamlMappingNode)spec["template"])["spec"];
            var containers = ((YamlSequenceNode)pod["containers"]).Children.Cast<YamlMappingNode>().Select(c => Scalar(c, "name")!).ToList();
            var rules = new List<PolicyRule>();
            if (spec.Children.TryGetValue(new YamlScalarNode("podFailurePolicy"), out var policy))
            {
                foreach (var rule in ((YamlSequenceNode)((YamlMappingNode)policy)["rules"]).Children.Cast<YamlMappingNode>())
                {
                    var onExit = rule.Children.TryGetValue(new YamlScalarNode("onExitCodes"), out var e) ? (YamlMappingNode)e : null;
                    var conditions = rule.Children.TryGetValue(new YamlScalarNode("onPodConditions"), out var c)
                        ? ((YamlSequenceNode)c).Children.Cast<YamlMappingNode>().Select(m => Scalar(m, "type")!).ToList()
                        : [];
                    var codes = onExit is null ? [] : ((YamlSequenceNode)onExit["values"]).Children.Select(v => int.Parse(((YamlScalarNode)v).Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                    rules.Add(new PolicyRule(Scalar(rule, "action")!, onExit is null ? null : Scalar(onExit, "containerName"), onExit is null ? null : Scalar(onExit, "operator"), codes, conditions));
                }
            }

            var perIndex = Scalar(spec, "backoffLimitPerIndex");
            return new IndexedJob(Scalar(pod, "restartPolicy") ?? "Always", perIndex is null ? null : int.Parse(perIndex, System.Globalization.CultureInfo.InvariantCulture), containers, rules);
        }

        /// <summary>What the Job controller does with a pod of the job that ended with <paramref name="exitCode"/>.</summary>
        public string Outcome(int exitCode, bool disrupted)
        {
            if (exitCode == 0)
            {
                return "Succeeded";
            }

            foreach (var rule in Rules)
            {
                var matches = rule.PodConditions.Count > 0
                    ? disrupted && rule.PodConditions.Contains("DisruptionTarget")
                    : rule.Operator switch
                    {
                        "In" => rule.ExitCodes.Contains(exitCode),
                        "NotIn" => !rule.ExitCodes.Contains(exitCode),
                        _ => throw new InvalidOperationException($"unknown operator {rule.Operator}"),
                    };
                if (matches)
                {
                    return rule.Action;
                }
            }

            return "Count";
        }

        private static string? Scalar(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
    }
}
