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

        using (var process = await ConsoleCli.StartAsync(["run", "--input", input, "--output", killed, "--anonymize"]))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();

            // The run goes forward only in short slices and is looked at while it is stopped (SIGSTOP), so however fast
            // the machine, the check and the kill both find it in the middle: no slice is long enough to finish 400 files.
            var watch = Stopwatch.StartNew();
            Signal(process, SigStop);
            while (CountDcm(killed) < 20 && !process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                Signal(process, SigCont);
                await Task.Delay(5);
                Signal(process, SigStop);
            }

            process.HasExited.Should().BeFalse("the run is stopped, not finished, when its output is counted");
            process.Kill(); // SIGKILL on Unix: no handler runs, nothing is flushed; it ends a stopped process too.
            await process.WaitForExitAsync();
        }

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
