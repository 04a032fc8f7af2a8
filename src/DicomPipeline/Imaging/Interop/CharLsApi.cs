namespace DicomPipeline.Imaging.Interop;

/// <summary>The few functions of CharLS 2's C API (charls_jpegls_decoder.h) the JPEG-LS decoder calls.</summary>
internal sealed unsafe class CharLsApi
{
    public CharLsApi(NativeCodecLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Create = (delegate* unmanaged[Cdecl]<nint>)library.GetExport("charls_jpegls_decoder_create");
        Destroy = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("charls_jpegls_decoder_destroy");
        SetSourceBuffer = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, int>)library.GetExport("charls_jpegls_decoder_set_source_buffer");
        ReadHeader = (delegate* unmanaged[Cdecl]<nint, int>)library.GetExport("charls_jpegls_decoder_read_header");
        GetFrameInfo = (delegate* unmanaged[Cdecl]<nint, CharLsFrameInfo*, int>)library.GetExport("charls_jpegls_decoder_get_frame_info");
        GetInterleaveMode = (delegate* unmanaged[Cdecl]<nint, int*, int>)library.GetExport("charls_jpegls_decoder_get_interleave_mode");
        GetDestinationSize = (delegate* unmanaged[Cdecl]<nint, uint, nuint*, int>)library.GetExport("charls_jpegls_decoder_get_destination_size");
        DecodeToBuffer = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, uint, int>)library.GetExport("charls_jpegls_decoder_decode_to_buffer");
    }

    public delegate* unmanaged[Cdecl]<nint> Create { get; }

    public delegate* unmanaged[Cdecl]<nint, void> Destroy { get; }

    public delegate* unmanaged[Cdecl]<nint, byte*, nuint, int> SetSourceBuffer { get; }

    public delegate* unmanaged[Cdecl]<nint, int> ReadHeader { get; }

    public delegate* unmanaged[Cdecl]<nint, CharLsFrameInfo*, int> GetFrameInfo { get; }

    public delegate* unmanaged[Cdecl]<nint, int*, int> GetInterleaveMode { get; }

    public delegate* unmanaged[Cdecl]<nint, uint, nuint*, int> GetDestinationSize { get; }

    public delegate* unmanaged[Cdecl]<nint, byte*, nuint, uint, int> DecodeToBuffer { get; }
}
