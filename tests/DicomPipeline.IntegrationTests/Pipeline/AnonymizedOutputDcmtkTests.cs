using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Pipeline;

/// <summary>The de-identified output of the whole pipeline, as DCMTK's dcmdump reads it.</summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class AnonymizedOutputDcmtkTests(SynthesizedCorpusFixture corpus)
{
    public static TheoryData<string> SyntaxNames => new(SynthesizedCorpusFixture.Syntaxes.Keys);

    [Theory]
    [MemberData(nameof(SyntaxNames))]
    public async Task RunAsync_AnonymizedOutput_DcmdumpReadsEveryFileAndFindsNoOriginalIdentifier(string syntax)
    {
        var written = corpus.Corpus(syntax);
        var input = Path.Combine(corpus.Root, syntax);
        var output = corpus.NewFolder("anonymized-" + syntax);

        var result = await DicomPipelineBuilder.Create()
            .LoadFrom(input)
            .Anonymize(o => o.Secret = "integration-secret-9f3c1a7e5b2d4068")
            .SaveTo(output)
            .Build()
            .RunAsync();

        result.Stored.Should().Be(written.Files.Count);
        var files = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories);
        files.Should().HaveCount(written.Files.Count);
        foreach (var file in files)
        {
            var dump = await DcmtkTools.DumpAsync(file);

            dump.ExitCode.Should().Be(0, dump.ToString());
            DcmtkTools.ErrorLines(dump).Should().BeEmpty(dump.ToString());
            var text = dump.StandardOutput;
            text.Should().Contain("(0012,0062) CS [YES", "Patient Identity Removed is YES (dcmdump -dc shows the padding)");
            foreach (var value in written.IdentifyingValues)
            {
                text.Should().NotContain(value, $"dcmdump of {Path.GetFileName(file)} must not show an original identifier");
            }

            var read = await DicomFile.OpenAsync(file);
            read.TransferSyntax.Should().Be(SynthesizedCorpusFixture.Syntaxes[syntax]);
            Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)).Should().NotContain(written.PatientIds[0]);
        }
    }
}
