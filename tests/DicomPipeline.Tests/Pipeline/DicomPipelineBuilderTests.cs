using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;

namespace DicomPipeline.Tests.Pipeline;

public sealed class DicomPipelineBuilderTests : IDisposable
{
    private const string Secret = "builder-test-secret-9f3c1a7e5b2d4068";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pipeline-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public void Build_WithoutInput_Throws()
    {
        var act = () => DicomPipelineBuilder.Create().SaveTo(Output).Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*LoadFrom*");
    }

    [Fact]
    public void Build_AnonymizeWithoutSecret_ThrowsNamingTheConfigurationKey()
    {
        var act = () => DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(_ => { }).SaveTo(Output).Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*DicomPipeline:Anonymization:Secret*");
    }

    [Fact]
    public void Build_AnonymizeWithAShortSecret_RefusedSayingWhy()
    {
        var act = () => DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = "x").SaveTo(Output).Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*too weak: it is 1 bytes long, fewer than 32*");
    }

    [Fact]
    public void Build_Twice_IsRefused()
    {
        var builder = DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Output);
        builder.Build();

        var act = () => builder.Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*already built*");
        builder.Invoking(b => b.WithParallelism(2)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Build_HeaderOnlyLoader_RefusedBecauseThePipelineWouldStoreNoPixelData()
    {
        // Issue 15 item 8: a header-only loader made the pipeline store files without Pixel Data and call the run complete.
        var act = () => DicomPipelineBuilder.Create().LoadFrom(Input, o => o.HeaderOnly = true).SaveTo(Output).Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*HeaderOnly*pixel data*");
    }

    [Fact]
    public void SendTo_AddressOfNoKnownScheme_ThrowsWhenTheStepIsAdded()
    {
        var act = () => DicomPipelineBuilder.Create().SendTo("http://pacs.invalid/dicom-web");

        act.Should().Throw<ArgumentException>().WithMessage("*is not a URI of the form*");
    }

    [Fact]
    public async Task SendTo_DicomPeerThatIsNotListening_EveryStoredInstanceReportedNotSent()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Input);
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        using var job = DicomPipelineBuilder.Create()
            .LoadFrom(Input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Output)
            .SendTo($"dicom://NOBODY@127.0.0.1:{port}", o => o.ConnectTimeout = TimeSpan.FromSeconds(2))
            .Build();
        var result = await job.RunAsync();

        result.Stored.Should().Be(corpus.Files.Count);
        result.Report.Destinations.Should().ContainSingle().Which.NotSent.Should().Be(corpus.Files.Count);
        result.IsComplete.Should().BeFalse("instances not sent make the run incomplete");
    }

    [Fact]
    public void WithParallelism_Zero_Throws() =>
        DicomPipelineBuilder.Create().Invoking(b => b.WithParallelism(0)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public async Task RunAsync_AnonymizedCorpus_StoresEveryFileWithoutOriginalIdentifiersInTheOutputBytes()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, InstancesPerSeries = 3 }).WriteAsync(Input);
        await File.WriteAllTextAsync(Path.Combine(Input, "notes.txt"), "not dicom");
        var reports = new List<PipelineProgress>();

        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(Input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Output)
            .Build()
            .RunAsync(new SynchronousProgress(reports.Add));

        result.FilesFound.Should().Be(corpus.Files.Count + 1);
        result.Stored.Should().Be(corpus.Files.Count);
        result.Skipped.Should().Be(0);
        result.Report.NotDicom.Should().Be(1);
        result.Report.NotStored.Should().ContainSingle(f => f.Path == "notes.txt" && f.Outcome == FileOutcome.NotDicom);
        var reportJson = await File.ReadAllTextAsync(Path.Combine(Output, "report.json"));
        reportJson.Should().NotContain("notes.txt", "input names can be patients' names: a de-identified report numbers them").And.Contain("input file #1");
        reports.Should().NotBeEmpty();
        reports[^1].Handled.Should().Be(corpus.Files.Count + 1);

        var outputFiles = Directory.GetFiles(Output, "*", SearchOption.AllDirectories);
        outputFiles.Count(f => f.EndsWith(".dcm", StringComparison.Ordinal)).Should().Be(corpus.Files.Count);
        foreach (var path in outputFiles)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var asUtf8 = Encoding.UTF8.GetString(bytes);
            var asLatin1 = Encoding.Latin1.GetString(bytes);
            foreach (var value in corpus.IdentifyingValues)
            {
                asUtf8.Should().NotContain(value, $"{Path.GetRelativePath(Output, path)} must not hold an original identifier");
                asLatin1.Should().NotContain(value);
            }

            Path.GetRelativePath(Output, path).Should().NotContainAny(corpus.PatientIds);
        }
    }

    [Fact]
    public async Task RunAsync_SameInstanceInTwoInputFiles_StoresItOnceAndReportsTheOther()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Input);
        var copy = Path.Combine(Input, "copy-of-first.dcm");
        File.Copy(corpus.Files[0], copy);

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).SaveTo(Output).Build().RunAsync();

        result.Stored.Should().Be(corpus.Files.Count);
        result.Skipped.Should().Be(1);
        result.Report.NotStored.Should().ContainSingle().Which.Reason.Should().Contain("same SOP Instance UID");
        var manifest = await File.ReadAllLinesAsync(Path.Combine(Output, "manifest.csv"));
        manifest.Skip(1).Should().HaveCount(corpus.Files.Count).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task RunAsync_InstancesWithoutSopInstanceUid_AreReportedNotFiledOnTopOfEachOther()
    {
        Directory.CreateDirectory(Input);
        for (var i = 0; i < 2; i++)
        {
            var dataset = DicomPipeline.Tests.Dicom.TestData.CreateImage();
            dataset.Remove(DicomTag.SOPInstanceUID);
            await new DicomFile(dataset).SaveAsync(Path.Combine(Input, $"no-uid-{i}.dcm"));
        }

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Output).Build().RunAsync();

        result.Stored.Should().Be(0);
        result.Failed.Should().Be(2);
        result.Report.NotStored.Should().OnlyContain(f => f.Reason.Contains("no SOP Instance UID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TwiceWithTheSameSecret_GivesIdenticalOutput()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 2 }).WriteAsync(Input);
        var second = Path.Combine(_root.FullName, "out2");

        await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).SaveTo(Output).Build().RunAsync();
        await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).SaveTo(second).Build().RunAsync();

        var first = Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Output, f)).Order().ToList();
        Directory.GetFiles(second, "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order()
            .Should().Equal(first);
        foreach (var relative in first)
        {
            (await File.ReadAllBytesAsync(Path.Combine(second, relative))).Should().Equal(await File.ReadAllBytesAsync(Path.Combine(Output, relative)));
        }
    }

    [Fact]
    public async Task RunAsync_WithoutAnonymization_KeepsTheOriginalIdentifiers()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Output).Build().RunAsync();

        result.Stored.Should().Be(corpus.Files.Count);
        Directory.GetDirectories(Output).Select(Path.GetFileName).Should().Contain(corpus.PatientIds);
    }

    [Fact]
    public async Task RunAsync_OutputInsideInput_IsRefusedAndNothingIsWritten()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        var before = Directory.GetFiles(Input, "*", SearchOption.AllDirectories).Length;

        var act = () => DicomPipelineBuilder.Create().LoadFrom(Input).SaveTo(Path.Combine(Input, "out")).Build().RunAsync();

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("inside the input folder");
        Directory.GetFiles(Input, "*", SearchOption.AllDirectories).Should().HaveCount(before);
    }

    [Fact]
    public async Task RunAsync_MissingInput_ThrowsOneClearLine()
    {
        var act = () => DicomPipelineBuilder.Create().LoadFrom(Path.Combine(_root.FullName, "nope")).SaveTo(Output).Build().RunAsync();

        (await act.Should().ThrowAsync<PipelineException>()).Which.Message.Should().Contain("does not exist");
    }

    [Fact]
    public async Task RunAsync_AuditDirectory_GetsTheMapAndTheOutputDoesNot()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        var audit = Path.Combine(_root.FullName, "audit");

        await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).SaveTo(Output, audit).Build().RunAsync();

        var map = await File.ReadAllTextAsync(Path.Combine(audit, "audit.csv"));
        map.Should().Contain(corpus.PatientIds[0]);
        File.Exists(Path.Combine(audit, "not-stored.csv")).Should().BeTrue();
        Directory.GetFiles(Output, "*", SearchOption.AllDirectories).Should().NotContain(f => f.EndsWith("audit.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Cancelled_LeavesNoPartialFile()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 5 }).WriteAsync(Input);
        using var cts = new CancellationTokenSource();
        var job = DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).SaveTo(Output).WithParallelism(1).Build();

        var act = () => job.RunAsync(new SynchronousProgress(p =>
        {
            if (p.Stored == 3)
            {
                cts.Cancel();
            }
        }), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(Output, "*.partial", SearchOption.AllDirectories).Should().BeEmpty();
        foreach (var file in Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories))
        {
            (await DicomFile.OpenAsync(file)).Dataset.Contains(DicomTag.PixelData).Should().BeTrue();
        }
    }

    /// <summary>Reports in the caller's thread; the pipeline reports from several, so calls are taken one at a time.</summary>
    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        private readonly Lock _gate = new();

        public void Report(PipelineProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
