using System.Diagnostics;
using System.Runtime.InteropServices;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// <c>run</c> killed with SIGKILL half way: the output holds no half-written <c>.dcm</c>, and the same command run
/// again finishes the job with exactly the output of an uninterrupted run.
/// </summary>
[Collection(RobustnessCliDefinition.Name)]
public sealed partial class RunCommandKillTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("robustness-kill-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Run_KilledMidRun_LeavesNoPartialDcmAndTheSameCommandCompletesToTheCleanRunsOutput()
    {
        var input = Path.Combine(_root.FullName, "in");
        var killed = Path.Combine(_root.FullName, "killed");
        var clean = Path.Combine(_root.FullName, "clean");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions
        {
            Patients = 4,
            StudiesPerPatient = 1,
            SeriesPerStudy = 4,
            InstancesPerSeries = 25,
            Rows = 256,
            Columns = 256,
        }).WriteAsync(input);
        corpus.Files.Should().HaveCount(400);

        // A slice can still run long when the test machine is busy and this thread loses its core between the two
        // signals; then the run may finish inside one slice. That attempt proves nothing, so it is made again.
        var killedMidRun = false;
        for (var attempt = 0; attempt < 5 && !killedMidRun; attempt++)
        {
            if (Directory.Exists(killed))
            {
                Directory.Delete(killed, recursive: true);
            }

            killedMidRun = await KillMidRunAsync(input, killed);
        }

        killedMidRun.Should().BeTrue("one of five attempts stops the run in the middle");

        var afterKill = Directory.GetFiles(killed, "*.dcm", SearchOption.AllDirectories);
        afterKill.Length.Should().BeInRange(1, corpus.Files.Count - 1, "the kill came in the middle");
        foreach (var path in afterKill)
        {
            await RunCommandRobustnessTests.ReadCompletelyAsync(path);
        }

        var resumed = await ConsoleCli.RunAsync(["run", "--input", input, "--output", killed, "--anonymize"]);
        var reference = await ConsoleCli.RunAsync(["run", "--input", input, "--output", clean, "--anonymize"]);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        reference.ExitCode.Should().Be(0, reference.ToString());
        Directory.GetFiles(killed, "*.partial", SearchOption.AllDirectories).Should().BeEmpty("the next run sweeps leftovers");
        static bool Compared(string relative) => relative != "report.json";
        var resumedFiles = FolderSnapshot.Take(killed, Compared);
        resumedFiles.Keys.Count(k => k.EndsWith(".dcm", StringComparison.Ordinal)).Should().Be(corpus.Files.Count);
        resumedFiles.Should().Equal(FolderSnapshot.Take(clean, Compared), "same files, same bytes (report.json differs only in its times)");
    }

    /// <summary>
    /// Starts <c>run</c> and lets it go forward only in slices of about two milliseconds, timed by spinning on a thread
    /// of its own (a timer or the thread pool can be late by far more than that on a busy machine); between slices the
    /// process is stopped (SIGSTOP) and its output counted. Once 20 files are there, it is killed while still stopped.
    /// Returns false when the run finished before that, so there was nothing to kill.
    /// </summary>
    private static async Task<bool> KillMidRunAsync(string input, string output)
    {
        using var process = await ConsoleCli.StartAsync(["run", "--input", input, "--output", output, "--anonymize"]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        var stoppedInTheMiddle = await Task.Factory.StartNew(
            () =>
            {
                var limit = Stopwatch.StartNew();
                Signal(process, SigStop);
                while (!process.HasExited && limit.Elapsed < TimeSpan.FromSeconds(60))
                {
                    if (CountDcm(output) >= 20)
                    {
                        return true;
                    }

                    Signal(process, SigCont);
                    var slice = Stopwatch.StartNew();
                    while (slice.Elapsed < TimeSpan.FromMilliseconds(2))
                    {
                        Thread.SpinWait(20);
                    }

                    Signal(process, SigStop);
                }

                return false;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var stillRunning = !process.HasExited;
        process.Kill(); // SIGKILL on Unix: no handler runs, nothing is flushed; it ends a stopped process too.
        await process.WaitForExitAsync();
        return stoppedInTheMiddle && stillRunning;
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    private static void Signal(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static int CountDcm(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.dcm", SearchOption.AllDirectories).Count() : 0;
}
