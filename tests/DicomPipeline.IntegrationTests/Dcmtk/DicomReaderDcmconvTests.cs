using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Dcmtk;

/// <summary>Our files converted by DCMTK's dcmconv to each uncompressed transfer syntax, read back by our reader.</summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DicomReaderDcmconvTests(SynthesizedCorpusFixture corpus)
{
    /// <summary>dcmconv's option for each target transfer syntax (dcmconv --help: +ti, +te, +tb, +td).</summary>
    public static TheoryData<string, string> Targets => new()
    {
        { "+ti", DicomTransferSyntax.ImplicitVRLittleEndian.Uid },
        { "+te", DicomTransferSyntax.ExplicitVRLittleEndian.Uid },
        { "+tb", DicomTransferSyntax.ExplicitVRBigEndian.Uid },
        { "+td", DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task OpenAsync_OurFileConvertedByDcmconv_DatasetEqualsTheOriginal(string option, string expectedUid)
    {
        var folder = corpus.NewFolder("dcmconv" + option);
        var sources = corpus.Corpus("explicit").Files;
        var originals = SynthesizedCorpusFixture.Originals("explicit");
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var converted = Path.Combine(folder, Path.GetFileNameWithoutExtension(source) + "-" + Guid.NewGuid().ToString("N")[..6] + ".dcm");
            var result = await DcmtkTools.ConvertAsync(source, converted, option);
            result.ExitCode.Should().Be(0, result.ToString());
            DcmtkTools.ErrorLines(result).Should().BeEmpty(result.ToString());

            var roundTripped = await DicomFile.OpenAsync(converted);

            roundTripped.TransferSyntax.Uid.Should().Be(expectedUid);
            var (actual, expected) = CanonicalDataset.Lines(
                CanonicalDataset.Describe(roundTripped.Dataset),
                CanonicalDataset.Describe(originals[i]),
                implicitVR: !roundTripped.TransferSyntax.IsExplicitVR);
            actual.Should().Equal(expected, $"dcmconv {option} of {source} should hold the dataset the synthesizer made");
        }
    }
}
