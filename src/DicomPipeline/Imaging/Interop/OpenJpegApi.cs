namespace DicomPipeline.Imaging.Interop;

/// <summary>
/// The OpenJPEG 2.5 functions (openjpeg.h) the JPEG 2000 decoder calls, and the layout of the structures it reads
/// (x86-64 and AArch64, LP64: sizes checked against the Debian header with a C compiler).
/// </summary>
internal sealed unsafe class OpenJpegApi
{
    public const int CodecJ2k = 0;
    public const int CodecJp2 = 2;

    /// <summary>sizeof(opj_dparameters_t) is 8,252 bytes in 2.5; the buffer given for it leaves room for growth.</summary>
    public const int DecoderParametersBytes = 16384;

    /// <summary>offsetof(opj_image_t, numcomps) and offsetof(opj_image_t, comps).</summary>
    public const int ImageComponentCountOffset = 16;
    public const int ImageComponentsOffset = 24;

    /// <summary>sizeof(opj_image_comp_t), and the offsets of its fields read here.</summary>
    public const int ComponentBytes = 64;
    public const int ComponentDxOffset = 0;
    public const int ComponentDyOffset = 4;
    public const int ComponentWidthOffset = 8;
    public const int ComponentHeightOffset = 12;
    public const int ComponentPrecisionOffset = 24;
    public const int ComponentSignedOffset = 32;
    public const int ComponentDataOffset = 48;

    public OpenJpegApi(NativeCodecLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        CreateDecompress = (delegate* unmanaged[Cdecl]<int, nint>)library.GetExport("opj_create_decompress");
        DestroyCodec = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("opj_destroy_codec");
        SetDefaultDecoderParameters = (delegate* unmanaged[Cdecl]<byte*, void>)library.GetExport("opj_set_default_decoder_parameters");
        SetupDecoder = (delegate* unmanaged[Cdecl]<nint, byte*, int>)library.GetExport("opj_setup_decoder");
        StreamCreate = (delegate* unmanaged[Cdecl]<nuint, int, nint>)library.GetExport("opj_stream_create");
        StreamDestroy = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("opj_stream_destroy");
        StreamSetReadFunction = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<byte*, nuint, OpenJpegMemorySource*, nuint>, void>)library.GetExport("opj_stream_set_read_function");
        StreamSetSkipFunction = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<long, OpenJpegMemorySource*, long>, void>)library.GetExport("opj_stream_set_skip_function");
        StreamSetSeekFunction = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<long, OpenJpegMemorySource*, int>, void>)library.GetExport("opj_stream_set_seek_function");
        StreamSetUserData = (delegate* unmanaged[Cdecl]<nint, OpenJpegMemorySource*, nint, void>)library.GetExport("opj_stream_set_user_data");
        StreamSetUserDataLength = (delegate* unmanaged[Cdecl]<nint, ulong, void>)library.GetExport("opj_stream_set_user_data_length");
        ReadHeader = (delegate* unmanaged[Cdecl]<nint, nint, nint*, int>)library.GetExport("opj_read_header");
        Decode = (delegate* unmanaged[Cdecl]<nint, nint, nint, int>)library.GetExport("opj_decode");
        EndDecompress = (delegate* unmanaged[Cdecl]<nint, nint, int>)library.GetExport("opj_end_decompress");
        ImageDestroy = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("opj_image_destroy");
    }

    public delegate* unmanaged[Cdecl]<int, nint> CreateDecompress { get; }

    public delegate* unmanaged[Cdecl]<nint, void> DestroyCodec { get; }

    public delegate* unmanaged[Cdecl]<byte*, void> SetDefaultDecoderParameters { get; }

    public delegate* unmanaged[Cdecl]<nint, byte*, int> SetupDecoder { get; }

    public delegate* unmanaged[Cdecl]<nuint, int, nint> StreamCreate { get; }

    public delegate* unmanaged[Cdecl]<nint, void> StreamDestroy { get; }

    public delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<byte*, nuint, OpenJpegMemorySource*, nuint>, void> StreamSetReadFunction { get; }

    public delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<long, OpenJpegMemorySource*, long>, void> StreamSetSkipFunction { get; }

    public delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<long, OpenJpegMemorySource*, int>, void> StreamSetSeekFunction { get; }

    public delegate* unmanaged[Cdecl]<nint, OpenJpegMemorySource*, nint, void> StreamSetUserData { get; }

    public delegate* unmanaged[Cdecl]<nint, ulong, void> StreamSetUserDataLength { get; }

    public delegate* unmanaged[Cdecl]<nint, nint, nint*, int> ReadHeader { get; }

    public delegate* unmanaged[Cdecl]<nint, nint, nint, int> Decode { get; }

    public delegate* unmanaged[Cdecl]<nint, nint, int> EndDecompress { get; }

    public delegate* unmanaged[Cdecl]<nint, void> ImageDestroy { get; }
}
