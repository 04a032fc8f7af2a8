using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// A peer that accepts no compressed syntax (DCMTK's storescp without <c>+xa</c>: uncompressed only) still receives
/// compressed files: decoded by the library and sent in Explicit VR Little Endian, with the very pixels compressed.
/// </summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DimseUncompressedFallbackTests(SynthesizedCorpusFixture corpus)
{
    public static TheoryData<string, string> Encoders => new()
    {
        { "rle", "dcmcrle" },
        { "jpeg-ls", "dcmcjpls" },
        { "j2k", "gdcmconv --j2k" },
    };

    [Theory]
    [MemberData(nameof(Encoders))]
    public async Task SendAsync_PeerAcceptsOnlyUncompressed_DecodedAndTheReceivedPixelsEqualTheOriginal(string name, string encoder)
    {
        var originals = corpus.Corpus("explicit").Files.Take(3).ToList();
        var folder = corpus.NewFolder("fallback-" + name);
        var encoded = new List<string>();
        foreach (var original in originals)
        {
            // Corpus files of different series share names (i0001.dcm): numbered here.
            var output = Path.Combine(folder, encoded.Count + ".dcm");
            var parts = encoder.Split(' ');
            var result = await ProcessRunner.RunAsync(parts[0] == "gdcmconv" ? "/usr/bin/gdcmconv" : DcmtkTools.Find(parts[0]), [.. parts.Skip(1), original, output]);
            result.ExitCode.Should().Be(0, result.ToString());
            (await DicomFile.OpenAsync(output)).TransferSyntax.IsEncapsulated.Should().BeTrue();
            encoded.Add(output);
        }

        var instances = await StoredInstances.FromFilesAsync(encoded);
        await using var server = await StorescpServer.StartOnAsync(OrthancServer.FreePort(), ["+x="]);
        await using var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = server.Uri });

        var outcomes = await destination.SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent, string.Join("; ", outcomes.Select(o => o.Reason)));
        for (var i = 0; i < originals.Count; i++)
        {
            var received = await DicomFile.OpenAsync(server.ReceivedFile(instances[i].SopInstanceUid)!);
            var original = await DicomFile.OpenAsync(originals[i]);
            received.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
            received.Dataset.TryGetElement(DicomTag.PixelData, out var receivedPixels).Should().BeTrue();
            original.Dataset.TryGetElement(DicomTag.PixelData, out var originalPixels).Should().BeTrue();
            receivedPixels!.GetBytes().ToArray().Should().Equal(originalPixels!.GetBytes().ToArray(), "lossless: the decoded pixels are the ones compressed");
            received.Dataset.GetString(DicomTag.LossyImageCompression).Should().NotBe("01");
        }
    }

    [Fact]
    public async Task SendAsync_LossyJpegToUncompressedPeer_SentWithLossyImageCompression01()
    {
        // pydicom's lossy baseline JPEG, without the Lossy Image Compression attributes its writer set: the sender must set them.
        var output = Path.Combine(corpus.NewFolder("fallback-lossy"), "lossy.dcm");
        File.Copy("/usr/lib/python3/dist-packages/pydicom/data/test_files/SC_rgb_jpeg_lossy_gdcm.dcm", output);
        var edit = await ProcessRunner.RunAsync(DcmtkTools.Find("dcmodify"), ["-nb", "-ie", "-imt", "-e", "(0028,2110)", "-e", "(0028,2114)", output]);
        edit.ExitCode.Should().Be(0, edit.ToString());
        var instances = await StoredInstances.FromFilesAsync([output]);
        await using var server = await StorescpServer.StartOnAsync(OrthancServer.FreePort(), ["+x="]);
        await using var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = server.Uri });

        var outcome = (await destination.SendAsync(instances)).Single();

        outcome.Kind.Should().Be(DestinationOutcomeKind.Sent, outcome.Reason);
        var received = await DicomFile.OpenAsync(server.ReceivedFile(instances[0].SopInstanceUid)!);
        received.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
        received.Dataset.GetString(DicomTag.LossyImageCompression).Should().Be("01");
        received.Dataset.GetString(DicomTag.LossyImageCompressionMethod).Should().Be("ISO_10918_1");
    }
}
