using System.Globalization;
using Spectre.Console;

namespace DicomPipeline.ConsoleApp;

/// <summary>
/// Shows the progress of a count of files on stderr: a Spectre.Console bar on an interactive terminal, otherwise a
/// plain counter line every tenth of the way, so that logs stay readable. stdout is left to the verb's result.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string label, int total, Func<IProgress<int>, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
        {
            return await work(new CounterProgress(label, total));
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

    private sealed class CounterProgress(string label, int total) : IProgress<int>
    {
        private readonly Lock _gate = new();
        private int _lastTenth = -1;

        public void Report(int value)
        {
            var tenth = total <= 0 ? 10 : (int)Math.Min(10, 10L * value / total);
            lock (_gate)
            {
                if (tenth <= _lastTenth)
                {
                    return;
                }

                _lastTenth = tenth;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {value}/{total} files"));
            }
        }
    }
}
