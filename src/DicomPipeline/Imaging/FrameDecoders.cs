using DicomPipeline.Dicom;

namespace DicomPipeline.Imaging;

/// <summary>Which decoder reads each transfer syntax's pixel data (PS3.5 Table A-1 and Annex A.4's syntaxes).</summary>
internal static class FrameDecoders
{
    /// <summary>Returns the decoder for <paramref name="syntax"/>, or null with a one-line reason.</summary>
    public static IFrameDecoder? For(DicomTransferSyntax syntax, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        reason = null;
        if (!syntax.IsEncapsulated)
        {
            return NativeFrameDecoder.Instance;
        }

        IFrameDecoder? decoder = syntax.Uid switch
        {
            "1.2.840.10008.1.2.5" => RleCodec.Instance,
            // JPEG Baseline, Extended, Lossless process 14 and its selection value 1.
            "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => JpegDecoder.Instance,
            "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => JpegLsDecoder.Instance,
            // JPEG 2000 lossless and lossy, HTJ2K lossless, lossless RPCL and lossy.
            "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" or "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => Jpeg2000Decoder.Instance,
            _ => null,
        };
        if (decoder is null)
        {
            reason = $"pixel data in {syntax.Uid} ({syntax.Name}) is not decoded";
        }

        return decoder;
    }
}
