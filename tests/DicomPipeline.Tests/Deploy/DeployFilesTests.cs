using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DicomPipeline.Tests.Deploy;

/// <summary>
/// deploy/ holds files this machine cannot run (no Kubernetes, no Slurm, no Docker engine): they are still checked, the
/// YAML parsed and its shard wiring read, the shell script through <c>bash -n</c>.
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly string Deploy = FindDeployFolder();

    /// <summary>The repository's deploy/ folder.</summary>
    internal static string DeployFolder => Deploy;

    [Fact]
    public void KubernetesJob_IsAnIndexedJobPassingItsIndexAndCountToShard()
    {
        var job = Load("kubernetes/deidentify-job.yaml");
        var spec = Map(job, "spec");
        Scalar(job, "kind").Should().Be("Job");
        Scalar(spec, "completionMode").Should().Be("Indexed");
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(spec, "template"), "spec")["containers"]).Children[0];
        var command = string.Join(' ', ((YamlSequenceNode)container["args"]).Children.Select(c => ((YamlScalarNode)c).Value));
        command.Should().Contain("--shard \"${JOB_COMPLETION_INDEX}/${SHARD_COUNT}\"").And.Contain("--anonymize");
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"));
        Scalar(env["SHARD_COUNT"], "value").Should().Be(Scalar(spec, "completions"), "every index must be a shard of the same split");
        Scalar(Map(Map(env["DicomPipeline__Anonymization__Secret"], "valueFrom"), "secretKeyRef"), "name").Should().NotBeEmpty();
        ((YamlSequenceNode)Map(Map(spec, "template"), "spec")["volumes"]).Children.Cast<YamlMappingNode>()
            .Should().Contain(v => v.Children.ContainsKey(new YamlScalarNode("persistentVolumeClaim")));
    }

    [Fact]
    public void KubernetesMergeJob_RunsMergeShardsOnTheSameOutput()
    {
        var job = Load("kubernetes/merge-shards-job.yaml");
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(job, "spec"), "template"), "spec")["containers"]).Children[0];
        var args = ((YamlSequenceNode)container["args"]).Children.Select(c => ((YamlScalarNode)c).Value).ToList();

        args.Should().Equal("merge-shards", "--output", "/data/deidentified");
    }

    [Fact]
    public async Task SlurmScript_PassesBashSyntaxCheckAndUsesTheArrayIndex()
    {
        var script = Path.Combine(Deploy, "slurm", "deidentify-array.sh");
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true })!;
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        bash.ExitCode.Should().Be(0, errors);
        var text = await File.ReadAllTextAsync(script);
        text.Should().Contain("#SBATCH --array=").And.Contain("--shard \"${index}/${count}\"").And.Contain("merge-shards");
    }

    [Fact]
    public async Task Dockerfile_InstallsTheToolPackageAndNamesNoRegistryHost()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Deploy, "Dockerfile"));

        // The image carries the build users install: the tool package made by pack-tool.sh, installed by dotnet tool install.
        text.Should().Contain("deploy/pack-tool.sh").And.Contain("dotnet tool install").And.Contain("ENTRYPOINT");
        text.Should().NotMatchRegex(@"(?m)^\s*(FROM|ARG)\s+\S*[a-z0-9-]+\.[a-z]{2,}/", "the registry is the user's choice, passed as a build argument");
    }

    [Fact]
    public async Task Dockerfile_BuildsWithNoArgument_EveryImageArgumentHasADefaultWithoutARegistryHost()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Deploy, "Dockerfile"));
        var defaults = Regex.Matches(text, @"(?m)^ARG\s+(\w+)(?:=(\S+))?").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : null);
        var fromArgs = Regex.Matches(text, @"(?m)^FROM\s+\$\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();

        fromArgs.Should().NotBeEmpty().And.OnlyContain(a => defaults.ContainsKey(a) && defaults[a] != null, "`docker build -f deploy/Dockerfile .` must work without --build-arg");
        defaults["SDK_IMAGE"].Should().Be(defaults["RUNTIME_IMAGE"], "the native executable links against the build stage's C library, so both stages default to one release");
        defaults["SDK_IMAGE"].Should().StartWith("ubuntu:", "Ubuntu's own archive packages the .NET 10 SDK");
        text.Should().Contain("dotnet-sdk-10.0").And.Contain("command -v dotnet", "an override image that carries the SDK is used as it is");
    }

    [Fact]
    public async Task DockerIgnore_LeavesOutBuildOutputsTestOutputsAndVersionControl()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(Deploy, "..", ".dockerignore"))).Where(l => l.Length > 0 && l[0] != '#').ToList();

        lines.Should().Contain([".git", "**/bin", "**/obj", "**/TestResults", "**/node_modules", "**/.axe"]);
    }

    [Fact]
    public void ApptainerHints_NameFilesThatExist()
    {
        var root = Path.GetFullPath(Path.Combine(Deploy, ".."));
        var texts = Directory.EnumerateFiles(Deploy, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "README.md"));
        var hints = texts.SelectMany(file => File.ReadLines(file)).Where(l => Regex.IsMatch(l, "apptainer|singularity", RegexOptions.IgnoreCase)).ToList();

        hints.Should().NotBeEmpty();
        var paths = hints.SelectMany(l => Regex.Matches(l, @"(?<![\w/])(?:deploy|docs|samples|src)/[\w./-]*\w").Select(m => m.Value)).ToList();
        paths.Should().NotBeEmpty("a hint says where the container comes from");
        paths.Should().OnlyContain(p => File.Exists(Path.Combine(root, p)) || Directory.Exists(Path.Combine(root, p)));
    }

    [Fact]
    public async Task SlurmScript_MergesAfterOkAndRunsTheToolAsTheTasksLastWord()
    {
        // afterok needs every task to exit 0; with `set -e` the task's exit code is the console's, which is 0 for an export
        // with a README and a DICOMDIR (LoadStageTests), so the merge runs.
        var text = await File.ReadAllTextAsync(Path.Combine(Deploy, "slurm", "deidentify-array.sh"));

        text.Should().Contain("set -euo pipefail").And.Contain("--dependency=\"afterok:");
        text.Should().NotContain("|| true", "a failed run must fail the task, or the merge would run over a missing shard");
    }

    private static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Deploy, relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? string.Empty;

    private static string FindDeployFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "deploy");
            if (File.Exists(Path.Combine(candidate, "Dockerfile")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("deploy/ was not found above " + AppContext.BaseDirectory);
    }
}
