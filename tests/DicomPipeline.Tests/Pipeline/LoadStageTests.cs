using System.Text.Json;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Loading;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>
/// Issue 26: one README.TXT in an export made the run incomplete, so the console exited 2 and a Kubernetes Indexed Job
/// or a Slurm afterok merge failed. Files that are not DICOM, and DICOMDIRs, are counted and listed, not failures.
/// </summary>
public sealed class LoadStageTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("load-stage-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task RunAsync_ExportWithReadmeDicomdirAndThumbnails_CompleteWithTheLeftoversCountedAndListed()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(Input);
        await ExportLeftovers.WriteAsync(Input);
        var progress = new List<PipelineProgress>();

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Output).Build().RunAsync(new SynchronousProgress(progress.Add));

        result.IsComplete.Should().BeTrue("a README, a DICOMDIR and thumbnails are not failures");
        result.Stored.Should().Be(corpus.Files.Count);
        result.Skipped.Should().Be(0);
        result.Report.NotDicom.Should().Be(ExportLeftovers.NotDicom.Length);
        result.Report.NotAnInstance.Should().Be(ExportLeftovers.NotInstances.Length);
        result.Report.NotStored.Where(f => f.Outcome == FileOutcome.NotDicom).Select(f => f.Path).Should().BeEquivalentTo(ExportLeftovers.NotDicom);
        result.Report.NotStored.Where(f => f.Outcome == FileOutcome.NotAnInstance).Select(f => f.Path).Should().BeEquivalentTo(ExportLeftovers.NotInstances);
        progress[^1].Handled.Should().Be(result.FilesFound, "the progress bar still reaches every file found");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Output, "report.json")));
        json.RootElement.GetProperty("notDicom").GetInt32().Should().Be(ExportLeftovers.NotDicom.Length);
        json.RootElement.GetProperty("notAnInstance").GetInt32().Should().Be(ExportLeftovers.NotInstances.Length);
        json.RootElement.GetProperty("notStored").EnumerateArray().Select(f => f.GetProperty("outcome").GetString()!.ToUpperInvariant())
            .Should().Contain(["NOTDICOM", "NOTANINSTANCE"]);
    }

    [Fact]
    public async Task RunAsync_TruncatedDicomFileBesideTheLeftovers_Incomplete()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Input);
        await ExportLeftovers.WriteAsync(Input);
        await ExportLeftovers.WriteTruncatedAsync(corpus.Files[0], Path.Combine(Input, "cut.dcm"));

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Output).Build().RunAsync();

        result.IsComplete.Should().BeFalse("a file that claims to be DICOM and cannot be read is a failure");
        result.Skipped.Should().Be(1);
        result.Report.NotStored.Should().ContainSingle(f => f.Outcome == FileOutcome.Skipped).Which.Reason.Should().StartWith("damaged DICOM");
        result.Report.NotDicom.Should().Be(ExportLeftovers.NotDicom.Length);
    }

    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
