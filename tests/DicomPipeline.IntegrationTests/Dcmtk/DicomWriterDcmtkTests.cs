using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Dcmtk;

/// <summary>Files our writer makes, in every uncompressed transfer syntax, as DCMTK's dcmdump reads them.</summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DicomWriterDcmtkTests(SynthesizedCorpusFixture corpus)
{
    public static TheoryData<string> SyntaxNames => new(SynthesizedCorpusFixture.Syntaxes.Keys);

    [Theory]
    [MemberData(nameof(SyntaxNames))]
    public async Task WriteAsync_SynthesizedCorpus_DcmdumpReadsEveryFileWithoutErrors(string syntax)
    {
        var files = corpus.Corpus(syntax).Files;
        files.Should().HaveCount(16);
        foreach (var file in files)
        {
            var result = await DcmtkTools.DumpAsync(file);

            result.ExitCode.Should().Be(0, result.ToString());
            DcmtkTools.ErrorLines(result).Should().BeEmpty(result.ToString());
            var dump = DcmdumpOutput.Parse(result.StandardOutput);
            DumpComparison.Find(dump.Meta, DicomTag.TransferSyntaxUID)!.Text.TrimEnd('\0', ' ')
                .Should().Be(SynthesizedCorpusFixture.Syntaxes[syntax].Uid);
        }
    }

    [Theory]
    [MemberData(nameof(SyntaxNames))]
    public async Task WriteAsync_SynthesizedCorpus_DcmdumpShowsTheIdentifyingValuesWeWrote(string syntax)
    {
        var written = corpus.Corpus(syntax);
        var originals = SynthesizedCorpusFixture.Originals(syntax);
        for (var i = 0; i < written.Files.Count; i++)
        {
            var original = originals[i];
            var dump = DcmdumpOutput.Parse((await DcmtkTools.DumpAsync(written.Files[i])).StandardOutput);
            var because = $"{written.Files[i]} should show what was written";

            Text(dump, DicomTag.PatientName).Should().Be(original.GetString(DicomTag.PatientName), because);
            Text(dump, DicomTag.PatientID).Should().Be(original.GetString(DicomTag.PatientID), because);
            written.PatientIds.Should().Contain(Text(dump, DicomTag.PatientID));
            Text(dump, DicomTag.SOPInstanceUID).Should().Be(original.GetString(DicomTag.SOPInstanceUID), because);
            DumpComparison.Find(dump.Dataset, DicomTag.Rows)!.Value.Should().Be("16", because);
            DumpComparison.Find(dump.Dataset, DicomTag.Columns)!.Value.Should().Be("12", because);

            // Two sequence levels down: Request Attributes > Referenced Patient > Patient Name / Patient ID.
            var nested = original.TryGetSequence(DicomTag.RequestAttributesSequence, out var request)
                && request.Items[0].TryGetSequence(DicomTag.ReferencedPatientSequence, out var patient)
                ? patient.Items[0]
                : throw new InvalidOperationException("The synthesizer no longer writes the nested patient reference.");
            Text(dump, DicomTag.RequestAttributesSequence, DicomTag.ReferencedPatientSequence, DicomTag.PatientName)
                .Should().Be(nested.GetString(DicomTag.PatientName), because);
            Text(dump, DicomTag.RequestAttributesSequence, DicomTag.ReferencedPatientSequence, DicomTag.PatientID)
                .Should().Be(nested.GetString(DicomTag.PatientID), because);
        }
    }

    [Theory]
    [MemberData(nameof(SyntaxNames))]
    public async Task WriteAsync_SynthesizedCorpus_DcmdumpAgreesWithEveryValueWeWrote(string syntax)
    {
        var written = corpus.Corpus(syntax);
        var originals = SynthesizedCorpusFixture.Originals(syntax);
        for (var i = 0; i < written.Files.Count; i++)
        {
            var dump = DcmdumpOutput.Parse((await DcmtkTools.DumpAsync(written.Files[i])).StandardOutput);

            DumpComparison.Compare(dump.Dataset, originals[i]).Should().BeEmpty($"{written.Files[i]} should hold exactly what was written");
        }
    }

    private static string? Text(DcmdumpOutput dump, params DicomTag[] path) =>
        DumpComparison.Find(dump.Dataset, path) is { } element ? element.Text.TrimEnd(' ', '\0') : null;
}
