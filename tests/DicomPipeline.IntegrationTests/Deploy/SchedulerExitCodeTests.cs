using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Deploy;

/// <summary>
/// Issue 26: one README.TXT in an export made the console exit 2, which failed an index of the Kubernetes Indexed Job
/// and kept the Slurm afterok merge from running. The console itself, and the Slurm task script around it, run over an
/// export with a README, a DICOMDIR and a thumbnail: exit 0. (DicomPipeline.Tests' KubernetesJobExitCodeTests applies
/// the Job's podFailurePolicy to each exit code: 0 is a succeeded index.) A truncated DICOM file still exits 2.
/// </summary>
public sealed class SchedulerExitCodeTests : IDisposable
{
    // Long enough for any secret rule; the value only has to be the same for every task.
    private const string Secret = "scheduler-exit-code-tests-secret-0123456789abcdef";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("scheduler-exit-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "export");

    [Fact]
    public async Task Run_ExportWithReadmeDicomdirAndThumbnail_Exits0AndSaysWhatWasNotDicom()
    {
        await WriteExportAsync();

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Path.Combine(_root.FullName, "out")]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("Not DICOM: 2 files; not an instance (DICOMDIR): 1");
    }

    [Fact]
    public async Task Run_TruncatedDicomFileInTheExport_Exits2()
    {
        var corpus = await WriteExportAsync();
        var bytes = await File.ReadAllBytesAsync(corpus.Files[0]);
        await File.WriteAllBytesAsync(Path.Combine(Input, "cut.dcm"), bytes[..(bytes.Length / 3)]);

        var result = await ConsoleCli.RunAsync(["run", "--input", Input, "--output", Path.Combine(_root.FullName, "out")]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardOutput.Should().Contain("cut.dcm").And.Contain("damaged DICOM");
    }

    [Fact]
    public async Task SlurmTask_ExportWithReadmeAndDicomdir_Exits0SoAfterOkMerges()
    {
        await WriteExportAsync();
        var bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin"));
        var tool = Path.Combine(bin.FullName, "dicompipeline");
        await ConsoleCli.RunAsync(["--version"]); // builds the console when missing
        await File.WriteAllTextAsync(tool, $"#!/bin/sh\nexec dotnet '{ConsoleCli.DllPath}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var script = Path.Combine(ConsoleCli.RepositoryRoot, "deploy", "slurm", "deidentify-array.sh");

        // Outside Slurm the script is shard 0 of 1 and queues no merge: its exit code is what afterok would read.
        var task = await ProcessRunner.RunAsync(
            "env",
            ["-u", "SLURM_ARRAY_JOB_ID", "-u", "SLURM_ARRAY_TASK_ID", "-u", "SLURM_ARRAY_TASK_COUNT",
                $"PATH={bin.FullName}:{Environment.GetEnvironmentVariable("PATH")}", $"DicomPipeline__Anonymization__Secret={Secret}",
                "bash", script, Input, Path.Combine(_root.FullName, "deidentified")],
            TimeSpan.FromMinutes(3));

        task.ExitCode.Should().Be(0, task.StandardOutput + task.StandardError);
        Directory.EnumerateFiles(Path.Combine(_root.FullName, "deidentified"), "*.dcm", SearchOption.AllDirectories).Should().NotBeEmpty();
    }

    private async Task<SynthesisResult> WriteExportAsync()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Path.Combine(Input, "images"));
        await File.WriteAllTextAsync(Path.Combine(Input, "README.TXT"), "Images of one study. Open them with any DICOM viewer.\r\n");
        await File.WriteAllBytesAsync(Path.Combine(Input, "thumbnail.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0xFF, 0xD9]);
        var directory = new DicomDataset();
        directory.SetString(DicomTag.SOPClassUID, "1.2.840.10008.1.3.10");
        directory.SetString(DicomTag.SOPInstanceUID, "1.2.826.0.1.3680043.10.1234.2");
        await new DicomFile(directory).SaveAsync(Path.Combine(Input, "DICOMDIR"));
        return corpus;
    }
}
