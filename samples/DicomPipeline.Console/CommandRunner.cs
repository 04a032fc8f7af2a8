using System.CommandLine;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// Runs a verb's body and turns what escapes it into one line on stderr and an exit code: no stack trace unless
/// <c>--verbose</c> was given.
/// </summary>
internal static class CommandRunner
{
    /// <summary>The global <c>--verbose</c> option: full exception details on errors.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show full error details (stack traces).",
        Recursive = true,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, Func<Task<int>> body)
    {
        var verbose = parseResult.GetValue(Verbose);
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            // Bad input (DicomFormatException, IOException, ArgumentException from option validation) and anything
            // unforeseen alike: one line, the stack trace only with --verbose.
            ReportError(ex, verbose);
            return ExitCodes.UsageOrBadInput;
        }
    }

    /// <summary>Writes one line for <paramref name="ex"/> (its message names the file and offset), or all of it when verbose.</summary>
    public static void ReportError(Exception ex, bool verbose) =>
        Console.Error.WriteLine(verbose ? ex.ToString() : "error: " + UserMessage(ex).ReplaceLineEndings(" "));

    // An ArgumentException appends " (Parameter 'name')", which names our code's parameter, not the user's input.
    private static string UserMessage(Exception ex) =>
        ex is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : ex.Message;
}
