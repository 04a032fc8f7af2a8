namespace DicomPipeline.ConsoleApp;

/// <summary>The process exit codes of every verb.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong, or the input could not be used at all.</summary>
    public const int UsageOrBadInput = 1;

    /// <summary>The run finished, but some files failed (each reported on stderr).</summary>
    public const int SomeFilesFailed = 2;

    /// <summary><c>verify</c> found identifying data in the output (each finding on stdout and in verify-report.json).</summary>
    public const int IdentifyingDataFound = 3;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
