namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>What a finished external process left behind.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A description for assertion messages: the command, its exit code and what it wrote to stderr.</summary>
    public override string ToString() =>
        $"{Command} exited {ExitCode}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
}
