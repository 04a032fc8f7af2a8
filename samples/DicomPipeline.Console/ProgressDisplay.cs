using Spectre.Console;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// Shows the progress of a count of files on stderr as a Spectre.Console bar on an interactive terminal; when the
/// output is redirected it stays quiet, so logs hold only the summary. stdout is left to the verb's result.
/// </summary>
internal static class ProgressDisplay
{
    public static Task<T> RunAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work) =>
        RunAsync(label, () => total, work);

    /// <summary>
    /// Runs <paramref name="work"/> with a bar on stderr when stderr is a terminal. <paramref name="total"/> is asked only
    /// then, and beside the work rather than before it (counting a big folder walks it once more): until it answers,
    /// the bar runs without a total.
    /// </summary>
    public static async Task<T> RunAsync<T>(string label, Func<int> total, Func<IProgress<int>, Task<T>> work)
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
                var task = context.AddTask(label, maxValue: 1);
                task.IsIndeterminate = true;
                var counted = Task.Run(() =>
                {
                    try
                    {
                        task.MaxValue = Math.Max(total(), 1);
                        task.IsIndeterminate = false;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The bar stays without a total; the run says what it could not read.
                    }
                });
                result = await work(new CallbackProgress(value => task.Value = value));
                await counted;
            });
        return result;
    }

    /// <summary>Reports synchronously on the caller's thread (unlike <see cref="Progress{T}"/>, which posts and may reorder).</summary>
    private sealed class CallbackProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
