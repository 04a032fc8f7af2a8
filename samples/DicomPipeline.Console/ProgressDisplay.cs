using Spectre.Console;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// Shows the progress of a count of files on stderr as a Spectre.Console bar on an interactive terminal; when the
/// output is redirected it stays quiet, so logs hold only the summary. stdout is left to the verb's result.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            return await work(new CallbackProgress(_ => { }));
        }

        var result = default(T)!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(total, 1));
                result = await work(new CallbackProgress(value => task.Value = value));
            });
        return result;
    }

    /// <summary>Reports synchronously on the caller's thread (unlike <see cref="Progress{T}"/>, which posts and may reorder).</summary>
    private sealed class CallbackProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
