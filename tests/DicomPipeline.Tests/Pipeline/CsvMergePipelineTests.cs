using System.Text;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>The clinical CSV joined to the images through the whole pipeline (issue 5's end-to-end cases).</summary>
public sealed class CsvMergePipelineTests : IDisposable
{
    private const string Secret = "csv-test-secret-9f3c1a7e5b2d4068";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("csvpipe-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    private string CsvPath => Path.Combine(_root.FullName, "trial.csv");

    [Fact]
    public async Task MergeCsv_ThreePatients_EveryFileCarriesTheTrialIdentityAndTheManifestCarriesArm()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, InstancesPerSeries = 2 }).WriteAsync(Input);
        var trial = corpus.PatientIds.Select((id, i) => (Original: id, Id: $"TRIAL-{i + 1:D3}", Name: $"Subject^{i + 1:D3}", Arm: i % 2 == 0 ? "A" : "B")).ToList();
        await File.WriteAllTextAsync(CsvPath, "OriginalPatientID,PatientID,PatientName,Arm\n"
            + string.Concat(trial.Select(t => $"{t.Original},{t.Id},{t.Name},{t.Arm}\n")));

        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(Input)
            .Anonymize(o => o.Secret = Secret)
            .MergeCsv(CsvPath)
            .SaveTo(Output)
            .Build()
            .RunAsync();

        result.Stored.Should().Be(corpus.Files.Count);
        var files = Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories);
        files.Should().HaveCount(corpus.Files.Count);
        foreach (var path in files)
        {
            var dataset = (await DicomFile.OpenAsync(path)).Dataset;
            trial.Select(t => t.Id).Should().Contain(dataset.GetString(DicomTag.PatientID));
            var subject = trial.Single(t => t.Id == dataset.GetString(DicomTag.PatientID));
            dataset.GetString(DicomTag.PatientName).Should().Be(subject.Name);
        }

        var manifest = await File.ReadAllLinesAsync(Path.Combine(Output, "manifest.csv"));
        manifest[0].Should().EndWith(",Arm");
        manifest.Skip(1).Should().HaveCount(corpus.Files.Count).And.OnlyContain(line => line.EndsWith(",A", StringComparison.Ordinal) || line.EndsWith(",B", StringComparison.Ordinal));
        foreach (var line in manifest.Skip(1))
        {
            var subject = trial.Single(t => line.StartsWith(t.Id + "/", StringComparison.Ordinal));
            line.Should().EndWith("," + subject.Arm);
        }

        await AssertNoOriginalIdentifierAsync(corpus);
    }

    [Fact]
    public async Task MergeCsvAndVerify_CsvIdentities_AreNotQuarantinedAsLeftoverNames()
    {
        // Regression: the verifier took every person name not of the ANON^ form for a leak, so a run that wrote the CSV's
        // names and verified quarantined every file. With the originals at hand, it searches for their names instead.
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 1 }).WriteAsync(Input);
        await File.WriteAllTextAsync(CsvPath, "OriginalPatientID,PatientID,PatientName\n"
            + string.Concat(corpus.PatientIds.Select((id, i) => $"{id},TRIAL-{i + 1:D3},Subject^{i + 1:D3}\n")));
        using var provider = new ServiceCollection().AddDicomPipeline(o => o.Anonymization.Secret = Secret).Services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest
        {
            InputDirectory = Input,
            OutputDirectory = Output,
            CsvPath = CsvPath,
            Verify = true,
            QuarantineDirectory = Path.Combine(_root.FullName, "quarantine"),
        });

        result.Report.Quarantined.Should().Be(0, string.Join("; ", result.Report.NotStored.Select(f => f.Reason)));
        result.Stored.Should().Be(corpus.Files.Count);
    }

    [Fact]
    public async Task MergeCsv_WithAuditFolder_AuditAndNestedPatientIdsHoldTheCsvIdentityWritten()
    {
        // Issue 12 item 11: the audit map said MRN → ANON-… while the files held TRIAL-001, and PatientIDs nested in
        // sequences kept ANON-… while the top level held the CSV's ID.
        var (corpus, result, audit) = await RunWithSequenceAsync(1, patientId =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.PatientID, patientId);
            item.SetString(DicomTag.PatientName, "Nested^Name");
            return new DicomSequence(DicomTag.ContentTemplateSequence, item);
        });

        result.Stored.Should().Be(corpus.Files.Count);
        foreach (var path in Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories))
        {
            var dataset = (await DicomFile.OpenAsync(path)).Dataset;
            dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-001");
            dataset.TryGetSequence(DicomTag.ContentTemplateSequence, out var sequence).Should().BeTrue();
            sequence!.Items[0].GetString(DicomTag.PatientID).Should().Be("TRIAL-001", "a nested Patient ID is the same patient");
            sequence.Items[0].GetString(DicomTag.PatientName).Should().Be("Subject^001");
        }

        var rows = (await File.ReadAllLinesAsync(Path.Combine(audit, "audit.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        rows.Where(r => r[1] == "PatientID").Should().NotBeEmpty().And.OnlyContain(r => r[2] == corpus.PatientIds[0] && r[3] == "TRIAL-001");
        rows.Where(r => r[1] == "PatientName").Should().NotBeEmpty().And.OnlyContain(r => r[3] == "Subject^001");
    }

    [Fact]
    public async Task MergeCsvWithAudit_HeadersLargeEnoughToWorkInPlace_JoinAndAuditStillSeeTheInstanceAsRead()
    {
        // De-identification works in place on a header with many sequence items, unless a later stage reads the
        // instance as read: the CSV join matches on its Patient ID, the audit map compares it.
        var (corpus, result, audit) = await RunWithSequenceAsync(2, patientId =>
        {
            var frames = new DicomSequence(DicomTag.PerFrameFunctionalGroupsSequence);
            for (var i = 0; i < DicomPipeline.Anonymization.ConfidentialityProfileAnonymizer.InPlaceItems + 8; i++)
            {
                var item = new DicomDataset();
                item.SetString(DicomTag.PatientID, patientId);
                frames.Items.Add(item);
            }

            return frames;
        });

        result.Stored.Should().Be(corpus.Files.Count, "every instance's row is found by its Patient ID as read");
        foreach (var path in Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories))
        {
            (await DicomFile.OpenAsync(path)).Dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-001");
        }

        var rows = (await File.ReadAllLinesAsync(Path.Combine(audit, "audit.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        rows.Where(r => r[1] == "PatientID").Should().NotBeEmpty().And.OnlyContain(r => r[2] == corpus.PatientIds[0] && r[3] == "TRIAL-001");
    }

    [Fact]
    public async Task MergeCsv_ImageWithoutRow_IsHeldBackAndUnusedRowsAreReported()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 1 }).WriteAsync(Input);
        await File.WriteAllTextAsync(CsvPath, $"OriginalPatientID,PatientID\n{corpus.PatientIds[0]},TRIAL-1\nNOBODY,TRIAL-9\n");

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).MergeCsv(CsvPath).SaveTo(Output).Build().RunAsync();

        var perPatient = corpus.Files.Count / 2;
        result.Stored.Should().Be(perPatient);
        result.HeldBack.Should().Be(perPatient);
        result.Report.NotStored.Should().OnlyContain(f => f.Outcome == FileOutcome.HeldBack && f.Reason.Contains("clinical CSV", StringComparison.Ordinal));
        result.Report.CsvLinesWithoutImages.Should().Equal(3);
    }

    [Fact]
    public async Task MergeCsv_PassWithPseudonym_StoresImagesWithoutRow()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 1 }).WriteAsync(Input);
        await File.WriteAllTextAsync(CsvPath, $"OriginalPatientID,PatientID\n{corpus.PatientIds[0]},TRIAL-1\n");

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret)
            .MergeCsv(CsvPath, o => o.UnmatchedPolicy = CsvUnmatchedPolicy.PassWithPseudonym).SaveTo(Output).Build().RunAsync();

        result.Stored.Should().Be(corpus.Files.Count);
        Directory.GetDirectories(Output).Select(Path.GetFileName).Should().Contain("TRIAL-1").And.Contain(d => d!.StartsWith("ANON-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MergeCsv_MatchOnAccessionNumberWithoutAnonymization_WritesColumnsIntoTheOriginalData()
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, StudiesPerPatient = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        var first = Directory.GetFiles(Input, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var accession = (await DicomFile.OpenAsync(first)).Dataset.GetString(DicomTag.AccessionNumber)!;
        await File.WriteAllTextAsync(CsvPath, $"Accession;ClinicalTrialSubjectID;Site\n{accession};SUBJ-7;Berlin\n");

        var result = await DicomPipelineBuilder.Create().LoadFrom(Input)
            .MergeCsv(CsvPath, o => { o.KeyColumn = "Accession"; o.MatchAttribute = "AccessionNumber"; })
            .SaveTo(Output).Build().RunAsync();

        result.Stored.Should().BeGreaterThan(0);
        foreach (var path in Directory.GetFiles(Output, "*.dcm", SearchOption.AllDirectories))
        {
            (await DicomFile.OpenAsync(path)).Dataset.GetString(DicomTag.ClinicalTrialSubjectID).Should().Be("SUBJ-7");
        }

        (await File.ReadAllTextAsync(Path.Combine(Output, "manifest.csv"))).Should().Contain(",Berlin");
    }

    public static TheoryData<string, int, int> BadCsvs => new()
    {
        // content, line, column (1-based) the error must name
        { "PatientID,Arm\nX,A\n", 1, 1 },
        { "OriginalPatientID,PatientID\nP1,T1\nP1,T2\n", 3, 1 },
        { "OriginalPatientID,PatientID,Arm\nP1,T1,A\nP2,T2\n", 3, 3 },
        { "OriginalPatientID,PatientID\nP1,\"T1\n", 2, 2 },
        { "OriginalPatientID,PatientBirthDate\nP1,31-12-1970\n", 2, 2 },
        { "", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(BadCsvs))]
    public async Task MergeCsv_BadCsv_StopsBeforeAnyFileIsWritten(string content, int line, int column)
    {
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        await File.WriteAllTextAsync(CsvPath, content);
        var job = DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).MergeCsv(CsvPath).SaveTo(Output).Build();

        var error = (await job.Invoking(j => j.RunAsync()).Should().ThrowAsync<CsvMergeException>()).Which;

        error.Line.Should().Be(line);
        error.Column.Should().Be(column);
        error.Message.Should().Contain($"line {line}, column {column}");
        (Directory.Exists(Output) ? Directory.GetFileSystemEntries(Output, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task MergeCsv_ThroughDependencyInjection_JoinsTheCsv()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 1 }).WriteAsync(Input);
        await File.WriteAllTextAsync(CsvPath, $"\uFEFFOriginalPatientID\tPatientID\tArm\n{corpus.PatientIds[0]}\tTRIAL-DI\tC\n", new UTF8Encoding(false));
        var services = new ServiceCollection();
        services.AddDicomPipeline(o => o.Anonymization.Secret = Secret);
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(new PipelineRequest
        {
            InputDirectory = Input,
            OutputDirectory = Output,
            CsvPath = CsvPath,
        });

        result.Stored.Should().Be(corpus.Files.Count);
        Directory.GetDirectories(Output).Select(Path.GetFileName).Should().Equal("TRIAL-DI");
    }

    /// <summary>
    /// One patient's synthesized files with a sequence added to each (made from the file's Patient ID), joined with a
    /// CSV that gives the patient TRIAL-001 / Subject^001, stored with an audit folder.
    /// </summary>
    private async Task<(SynthesisResult Corpus, PipelineResult Result, string Audit)> RunWithSequenceAsync(int instancesPerSeries, Func<string, DicomSequence> sequenceFor)
    {
        var plain = Path.Combine(_root.FullName, "plain");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = instancesPerSeries }).WriteAsync(plain);
        foreach (var path in corpus.Files)
        {
            var file = await DicomFile.OpenAsync(path);
            file.Dataset.AddOrUpdate(sequenceFor(file.Dataset.GetString(DicomTag.PatientID)!));
            var target = Path.Combine(Input, Path.GetRelativePath(plain, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await file.SaveAsync(target);
        }

        await File.WriteAllTextAsync(CsvPath, $"OriginalPatientID,PatientID,PatientName\n{corpus.PatientIds[0]},TRIAL-001,Subject^001\n");
        var audit = Path.Combine(_root.FullName, "audit");
        var result = await DicomPipelineBuilder.Create().LoadFrom(Input).Anonymize(o => o.Secret = Secret).MergeCsv(CsvPath).SaveTo(Output, audit).Build().RunAsync();
        return (corpus, result, audit);
    }

    private async Task AssertNoOriginalIdentifierAsync(SynthesisResult corpus)
    {
        foreach (var path in Directory.GetFiles(Output, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var text = Encoding.UTF8.GetString(bytes) + Encoding.Latin1.GetString(bytes) + path;
            corpus.IdentifyingValues.Where(v => text.Contains(v, StringComparison.Ordinal)).Should().BeEmpty($"{path} must hold no original identifier");
        }
    }
}
