using System.CommandLine;
using DicomPipeline.Orthanc;

namespace DicomPipeline.ConsoleApp.Commands;

/// <summary>What the Orthanc verbs (<c>studies</c>, <c>anonymize-all-studies</c>, <c>delete-all-studies</c>) share.</summary>
internal static class StudiesCommandShared
{
    /// <summary>The environment variable holding the Orthanc user, if the server wants one.</summary>
    public const string UsernameVariable = "DicomPipeline__Orthanc__Username";

    /// <summary>The environment variable holding the Orthanc password (never a command-line argument, where others could read it).</summary>
    public const string PasswordVariable = "DicomPipeline__Orthanc__Password";

    /// <summary>A new <c>--orthanc URL</c> option (each command needs its own instance).</summary>
    public static Option<string> OrthancOption() => new("--orthanc")
    {
        Description = $"The Orthanc server's address, e.g. {OrthancOptions.DefaultBaseUrl}. Credentials come from {UsernameVariable} and {PasswordVariable}.",
        Required = true,
    };

    /// <summary>Connects to <paramref name="url"/> with the credentials from the environment.</summary>
    public static OrthancConnection Connect(string url) => OrthancConnection.Create(new OrthancOptions
    {
        BaseUrl = url,
        Username = Environment.GetEnvironmentVariable(UsernameVariable),
        Password = Environment.GetEnvironmentVariable(PasswordVariable),
    });

    /// <summary>Prints one line per study outcome as it arrives, in order (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    public sealed class LineProgress(Action<OrthancStudyOutcome> report) : IProgress<OrthancStudyOutcome>
    {
        public void Report(OrthancStudyOutcome value) => report(value);
    }

    /// <summary>One line for a study outcome: its Orthanc ID and what happened, never patient data.</summary>
    public static void Print(OrthancStudyOutcome outcome)
    {
        switch (outcome.Action)
        {
            case OrthancStudyAction.Failed:
                Console.Error.WriteLine($"failed {outcome.StudyId}: {outcome.Error}");
                break;
            case OrthancStudyAction.Copied:
            case OrthancStudyAction.AlreadyCopied:
                Console.WriteLine($"{Describe(outcome.Action)} {outcome.StudyId} -> {outcome.CopyStudyId}");
                break;
            default:
                Console.WriteLine($"{Describe(outcome.Action)} {outcome.StudyId}");
                break;
        }
    }

    private static string Describe(OrthancStudyAction action) => action switch
    {
        OrthancStudyAction.Deleted => "deleted",
        OrthancStudyAction.WouldDelete => "would delete",
        OrthancStudyAction.NotFound => "already gone",
        OrthancStudyAction.Copied => "copied",
        OrthancStudyAction.AlreadyCopied => "already copied",
        OrthancStudyAction.IsCopy => "is a copy",
        _ => action.ToString(),
    };
}
