using System.IO.Compression;
using DicomPipeline.Dicom;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Robustness;

/// <summary>Inputs that once broke the reader's contract (found by the suites, the fuzzer or by reasoning), kept by name.</summary>
public class DicomReaderRegressionTests
{
    /// <summary>
    /// A deflated file of about 300 KB whose one value claims a length past the end and inflates to 300 MB of zeros: the
    /// reader collects the value chunk by chunk "as the data really arrives", but a deflate bomb makes it arrive cheaply,
    /// so the read allocates well over the 256 MB that any one input may cost before it fails on the truncation.
    /// </summary>
    [Fact]
    public void Read_DeflateBombBehindALyingLength_AllocatesAtMost256MB()
    {
        const int inflatedSize = 300 * 1024 * 1024;
        var header = new RawDicom().Explicit(0x0009, 0x0010, "LO", RawDicom.Text("BOMB"))
            .Tag(0x0009, 0x1010).Bytes("OB"u8.ToArray()).U16(0).U32(0xFFFFFFF0).ToArray();
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(header);
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < inflatedSize; written += zeros.Length)
            {
                deflate.Write(zeros);
            }
        }

        byte[] bytes = [.. RawDicom.Part10(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid).ToArray(), .. compressed.ToArray()];
        var variant = new MutationVariant(MutationFamily.LengthAtBoundary, DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid, -1, "deflate bomb behind a lying length", bytes);

        bytes.Length.Should().BeLessThan(1024 * 1024);
        VariantCheck.Run(variant).Should().BeNull();
    }
}
