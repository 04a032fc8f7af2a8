using System.Text;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Dcmtk;

/// <summary>Files DCMTK wrote, as our reader reads them and as dcmdump prints them: every value must agree.</summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DicomReaderDcmdumpTests(SynthesizedCorpusFixture corpus)
{
    public static TheoryData<string> Options => new("+ti", "+te", "+tb", "+td");

    [Theory]
    [MemberData(nameof(Options))]
    public async Task OpenAsync_FileWrittenByDcmconv_AgreesWithDcmdumpOnEveryValue(string option)
    {
        var folder = corpus.NewFolder("dcmconv-dump" + option);
        foreach (var source in corpus.Corpus("explicit").Files.Take(8))
        {
            var converted = Path.Combine(folder, Guid.NewGuid().ToString("N")[..8] + ".dcm");
            (await DcmtkTools.ConvertAsync(source, converted, option)).ExitCode.Should().Be(0);

            await ExpectAgreementAsync(converted);
        }
    }

    [Theory]
    [MemberData(nameof(Options))]
    public async Task OpenAsync_FileWrittenByDump2dcm_AgreesWithDcmdumpOnEveryValue(string option)
    {
        var file = await WriteEveryVRFileAsync(option);

        var ours = await ExpectAgreementAsync(file);

        // The comparison above is only as good as its parsing: check a few values directly too.
        var dataset = ours.Dataset;
        dataset.GetString(DicomTag.SpecificCharacterSet).Should().Be("ISO_IR 100");
        dataset.GetString(DicomTag.PatientName).Should().Be("García^José");
        dataset.GetString(DicomTag.AcquisitionDateTime).Should().Be("20240131101530.5+0100");
        dataset.GetNumberOrDefault(DicomTag.SingleCollimationWidth, 0.0, index: 2).Should().Be(-3.25e-7);
        dataset.GetNumberOrDefault(DicomTag.DistanceSourceToIsocenter, 0f).Should().Be(0.25f);
        dataset.GetNumberOrDefault(DicomTag.SmallestImagePixelValue, 0).Should().Be(-2000);
        dataset.GetNumberOrDefault(DicomTag.ReferencePixelX0, 0, index: 0).Should().Be(-70000);
        dataset.GetNumberOrDefault(DicomTag.SelectorSVValue, 0L).Should().Be(-9_000_000_000);
        dataset.GetNumberOrDefault(DicomTag.SelectorUVValue, 0UL).Should().Be(18_000_000_000_000_000_000);
        ((DicomElement)dataset[DicomTag.DimensionIndexPointer]).GetBytes().ToArray()
            .Should().Equal(0x10, 0x00, 0x10, 0x00, 0x20, 0x00, 0x0D, 0x00);
        ((DicomElement)dataset[DicomTag.PixelData]).GetBytes().ToArray()
            .Should().Equal(0x01, 0x00, 0x03, 0x02, 0xFE, 0xFF, 0x00, 0x80);
        ((DicomElement)dataset[new DicomTag(0x00091002)]).GetBytes().ToArray().Should().Equal(0x01, 0x02, 0x03, 0x04, 0xFE, 0xFF);
        dataset.TryGetSequence(DicomTag.ReferencedImageSequence, out var references).Should().BeTrue();
        references!.Items.Should().HaveCount(2);
        references.Items[0].TryGetSequence(DicomTag.AnatomicRegionSequence, out var region).Should().BeTrue();
        region!.Items[0].GetString(DicomTag.CodeMeaning).Should().Be("Thorax");
        references.Items[1].Count.Should().Be(0);
    }

    [Fact]
    public async Task Compare_ValueChangedAfterReading_ReportsTheDifference()
    {
        // Guards the comparison itself: a dataset that differs from the file must not pass.
        var file = await WriteEveryVRFileAsync("+te");
        var dump = DcmdumpOutput.Parse((await DcmtkTools.DumpAsync(file)).StandardOutput);
        var ours = await DicomFile.OpenAsync(file);
        ours.Dataset.SetString(DicomTag.PatientID, "PID-4712");
        ours.Dataset.SetNumbers(DicomTag.Rows, null, (ushort)3);

        var differences = DumpComparison.Compare(dump, ours);

        differences.Should().HaveCount(2);
        differences.Should().Contain(d => d.Contains("(0010,0020)", StringComparison.Ordinal))
            .And.Contain(d => d.Contains("(0028,0010)", StringComparison.Ordinal));
    }

    private static async Task<DicomFile> ExpectAgreementAsync(string file)
    {
        var result = await DcmtkTools.DumpAsync(file);
        result.ExitCode.Should().Be(0, result.ToString());
        var dump = DcmdumpOutput.Parse(result.StandardOutput);
        dump.Dataset.Should().NotBeEmpty();

        var ours = await DicomFile.OpenAsync(file);

        DumpComparison.Compare(dump, ours).Should().BeEmpty($"our reading of {file} should agree with dcmdump");
        return ours;
    }

    /// <summary>Runs dump2dcm on TestFiles/every-vr.dump (re-encoded to Latin-1, as its Specific Character Set says).</summary>
    private async Task<string> WriteEveryVRFileAsync(string option)
    {
        var folder = corpus.NewFolder("dump2dcm" + option);
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Dcmtk", "TestFiles", "every-vr.dump"), Encoding.UTF8);
        var dumpFile = Path.Combine(folder, "every-vr.dump");
        await File.WriteAllBytesAsync(dumpFile, Encoding.Latin1.GetBytes(text));
        var output = Path.Combine(folder, "every-vr.dcm");

        var result = await DcmtkTools.Dump2DcmAsync(dumpFile, output, option);

        result.ExitCode.Should().Be(0, result.ToString());
        DcmtkTools.ErrorLines(result).Should().BeEmpty(result.ToString());
        return output;
    }
}
