using Spectre.Console;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// Shows the progress of a count of files on stderr as a Spectre.Console bar on an interactive terminal; when the
/// output is redirected it stays quiet, so logs hold only the summary. stdout is left to the verb's result.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, whose total is known before it starts.</summary>
    public static Task<T> RunAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work) =>
        RunAsync(label, counts => work(counts is null ? new CallbackProgress<int>(_ => { }) : new CallbackProgress<int>(done => counts.Report(new Count(done, total)))));

    /// <summary>
    /// Runs <paramref name="work"/>, which reports its total when it knows it (the pipeline counts the input folder
    /// beside the run): until then the bar runs without one. Without a bar (stderr redirected) the work is given no
    /// progress to report to, so that it need not count.
    /// </summary>
    public static async Task<T> RunAsync<T>(string label, Func<IProgress<Count>?, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            return await work(null);
        }

        var result = default(T)!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 1);
                task.IsIndeterminate = true;
                result = await work(new CallbackProgress<Count>(count =>
                {
                    if (count.Total is { } total)
                    {
                        task.MaxValue = Math.Max(total, 1);
                        task.IsIndeterminate = false;
                    }

                    task.Value = count.Done;
                }));
            });
        return result;
    }

    /// <summary>Files done, and the total when known.</summary>
    internal readonly record struct Count(int Done, int? Total);

    /// <summary>Reports synchronously on the caller's thread (unlike <see cref="Progress{T}"/>, which posts and may reorder).</summary>
    private sealed class CallbackProgress<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }
}
