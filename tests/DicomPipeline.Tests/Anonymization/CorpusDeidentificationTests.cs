using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>The synthesized corpus, identifiers planted everywhere, de-identified and checked in the written bytes.</summary>
public sealed class CorpusDeidentificationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dp-anon-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> TransferSyntaxes => TestData.UncompressedSyntaxUids;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TransferSyntaxes))]
    public async Task Anonymize_Corpus_NoIdentifyingValueInOutputBytes(string transferSyntaxUid)
    {
        var (corpus, outputs) = await RunAsync(DicomTransferSyntax.FromUid(transferSyntaxUid), Secret);

        var plainSource = await ToBytesAsync(new DicomFile((await DicomFile.OpenAsync(corpus.Files[0])).Dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
        FindIn(plainSource, corpus.IdentifyingValues).Should().NotBeEmpty("the scan must be able to find what was planted");

        // Deflated output hides values from a byte scan: scan those files re-encoded uncompressed as well.
        foreach (var (_, result, bytes) in outputs)
        {
            FindIn(bytes, corpus.IdentifyingValues).Should().BeEmpty();
            var plain = await ToBytesAsync(new DicomFile(result.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
            FindIn(plain, corpus.IdentifyingValues).Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Anonymize_Corpus_GroupingKeptAndReferencesResolve()
    {
        var (corpus, outputs) = await RunAsync(DicomTransferSyntax.ExplicitVRLittleEndian, Secret);
        var sources = await Task.WhenAll(corpus.Files.Select(f => DicomFile.OpenAsync(f)));

        outputs.Select(o => o.Result.Dataset.GetString(DicomTag.StudyInstanceUID)).Distinct().Count()
            .Should().Be(sources.Select(s => s.Dataset.GetString(DicomTag.StudyInstanceUID)).Distinct().Count());
        outputs.Select(o => o.Result.Dataset.GetString(DicomTag.SeriesInstanceUID)).Distinct().Count()
            .Should().Be(sources.Select(s => s.Dataset.GetString(DicomTag.SeriesInstanceUID)).Distinct().Count());
        outputs.Select(o => o.Result.Dataset.GetString(DicomTag.PatientID)).Distinct().Count()
            .Should().Be(corpus.PatientIds.Count);

        // Image references (X/Z/U*) are kept with their UIDs remapped; each must name an output instance.
        var sopUids = outputs.Select(o => o.Result.Dataset.GetString(DicomTag.SOPInstanceUID)!).ToHashSet();
        sopUids.Should().HaveCount(outputs.Count);
        var originalReferences = sources.SelectMany(s => ImageReferences(s.Dataset)).ToList();
        originalReferences.Should().NotBeEmpty("the corpus references its own images");
        var references = outputs.SelectMany(o => ImageReferences(o.Result.Dataset)).ToList();
        references.Should().HaveCount(originalReferences.Count).And.OnlyContain(uid => sopUids.Contains(uid));
    }

    [Fact]
    public async Task Anonymize_Corpus_PixelDataByteIdentical()
    {
        var (corpus, outputs) = await RunAsync(DicomTransferSyntax.ExplicitVRLittleEndian, Secret);

        for (var i = 0; i < outputs.Count; i++)
        {
            var source = await DicomFile.OpenAsync(corpus.Files[i]);
            var written = await DicomFile.ReadAsync(new MemoryStream(outputs[i].Bytes));
            written.Dataset.TryGetElement(DicomTag.PixelData, out var pixels).Should().BeTrue();
            source.Dataset.TryGetElement(DicomTag.PixelData, out var original).Should().BeTrue();
            pixels!.GetBytes().ToArray().Should().Equal(original!.GetBytes().ToArray());
        }
    }

    [Fact]
    public async Task Anonymize_Corpus_SameSecretSameOutput_DifferentSecretDifferentUids()
    {
        var (_, first) = await RunAsync(DicomTransferSyntax.ExplicitVRLittleEndian, Secret);
        var (_, second) = await RunAsync(DicomTransferSyntax.ExplicitVRLittleEndian, Secret);
        var (_, other) = await RunAsync(DicomTransferSyntax.ExplicitVRLittleEndian, "a different secret-9f3c1a7e5b2d4068");

        second.Select(o => o.Bytes).Should().BeEquivalentTo(first.Select(o => o.Bytes), o => o.WithStrictOrdering());
        var firstUids = first.Select(o => o.Result.Dataset.GetString(DicomTag.SOPInstanceUID)).ToList();
        other.Select(o => o.Result.Dataset.GetString(DicomTag.SOPInstanceUID)).Should().NotIntersectWith(firstUids);
    }

    private async Task<(SynthesisResult Corpus, List<(string Path, AnonymizationResult Result, byte[] Bytes)> Outputs)> RunAsync(
        DicomTransferSyntax syntax, string secret)
    {
        var directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        var synthesizer = new DicomCorpusSynthesizer(new SynthesisOptions
        {
            Patients = 3, SeriesPerStudy = 2, InstancesPerSeries = 3, Rows = 16, Columns = 16, TransferSyntax = syntax,
        });
        var corpus = await synthesizer.WriteAsync(directory);
        var anonymizer = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = secret, AllowBurnedInAnnotation = true });
        var outputs = new List<(string, AnonymizationResult, byte[])>();
        foreach (var path in corpus.Files)
        {
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 256 });
            var result = anonymizer.Anonymize(file);
            outputs.Add((path, result, await ToBytesAsync(result.File)));
        }

        return (corpus, outputs);
    }

    private static IEnumerable<string> ImageReferences(DicomDataset dataset) =>
        new[] { DicomTag.ReferencedImageSequence, DicomTag.SourceImageSequence }
            .SelectMany(tag => dataset.TryGetSequence(tag, out var sequence) ? sequence.Items : [])
            .Select(item => item.GetString(DicomTag.ReferencedSOPInstanceUID)!);
}
