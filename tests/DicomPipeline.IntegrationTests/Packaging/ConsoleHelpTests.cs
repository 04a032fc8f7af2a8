using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Packaging;

/// <summary>
/// Issue 26: <c>--help</c> named the command "dicompipeline-cli" (the assembly's name, which <c>dotnet run</c> and
/// <c>dotnet publish</c> give), a name the installed tool does not have. Help names "dicompipeline" however it is started;
/// ToolPackageTests checks the installed tool the same way.
/// </summary>
public sealed class ConsoleHelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("merge-shards", "--help")]
    public async Task Help_StartedFromTheBuild_NamesTheCommandDicompipeline(params string[] arguments)
    {
        var result = await ConsoleCli.RunAsync(arguments);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("dicompipeline ").And.NotContain("dicompipeline-cli");
    }

    [Fact]
    public async Task Help_Root_ListsEveryVerbAndVersionWorks()
    {
        var help = await ConsoleCli.RunAsync(["--help"]);
        var version = await ConsoleCli.RunAsync(["--version"]);

        help.StandardOutput.Should().ContainAll(
            "run", "merge-shards", "verify", "echo", "listen", "demo", "synth", "dump", "studies", "anonymize-all-studies", "delete-all-studies");
        version.ExitCode.Should().Be(0, version.ToString());
        version.StandardOutput.Should().StartWith("0.1.0");
    }
}
