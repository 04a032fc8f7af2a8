using DicomPipeline.Dicom;
using DicomPipeline.Imaging;
using DicomPipeline.Networking;

namespace DicomPipeline.Destinations;

/// <summary>
/// For a peer that accepts none of a file's compressed syntaxes: the file's SOP class is also proposed in Explicit VR
/// Little Endian, in a context of its own (so a peer that takes the compressed syntax is never led to prefer the
/// uncompressed one), and a file whose own context was rejected is decoded with the library's frame decoders and sent
/// uncompressed. A lossy source keeps Lossy Image Compression (0028,2110) 01 and its method; a lossless one arrives with
/// the very pixel values that were compressed.
/// </summary>
internal static class UncompressedFallback
{
    /// <summary>Whether files in <paramref name="syntax"/> need the fallback context: compressed, and decodable here.</summary>
    public static bool Needed(string syntax)
    {
        var transferSyntax = DicomTransferSyntax.FromUid(syntax);
        return transferSyntax.IsEncapsulated && FrameDecoders.For(transferSyntax, out _) is not null;
    }

    /// <summary>
    /// Adds one Explicit VR Little Endian context per SOP class of <paramref name="keys"/> that has compressed files and
    /// no uncompressed file proposing that syntax already.
    /// </summary>
    public static void Propose(List<PresentationContext> contexts, IEnumerable<(string SopClass, string Syntax)> keys)
    {
        var sopClasses = keys.Where(k => Needed(k.Syntax)).Select(k => k.SopClass).Distinct(StringComparer.Ordinal).ToList();
        foreach (var sopClass in sopClasses)
        {
            if (!contexts.Any(c => c.AbstractSyntax == sopClass && c.TransferSyntaxes.Contains(DimseUids.ExplicitVRLittleEndian)))
            {
                contexts.Add(new PresentationContext((byte)((contexts.Count * 2) + 1), sopClass, [DimseUids.ExplicitVRLittleEndian]));
            }
        }
    }

    /// <summary>The accepted context that carries <paramref name="sopClass"/> in Explicit VR Little Endian, if any.</summary>
    public static PresentationContext? AcceptedContext(IReadOnlyList<PresentationContext> contexts, string sopClass) =>
        contexts.FirstOrDefault(c => c.AbstractSyntax == sopClass && c.IsAccepted && c.AcceptedTransferSyntax == DimseUids.ExplicitVRLittleEndian);

    /// <summary>
    /// Reads <paramref name="path"/> and decodes every frame into a copy of its dataset with native Pixel Data, to be
    /// written in Explicit VR Little Endian. The whole image is in memory: this is the exception, not the send path.
    /// </summary>
    /// <exception cref="PixelCodecException">The pixels cannot be decoded.</exception>
    public static async Task<DicomDataset> DecodeAsync(string path, CancellationToken cancellationToken)
    {
        var file = await DicomFile.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var frames = FrameSource.Open(file.Dataset, file.TransferSyntax, out var reason)
            ?? throw new PixelCodecException(reason ?? "the pixel data cannot be read");
        var decoded = new List<PixelFrame>(frames.FrameCount);
        for (var f = 0; f < frames.FrameCount; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            decoded.Add(frames.Decode(f));
        }

        var output = file.Dataset.Clone();
        PixelDataEncoder.Write(decoded, frames.Description, file.TransferSyntax, output, native: true);
        return output;
    }
}
