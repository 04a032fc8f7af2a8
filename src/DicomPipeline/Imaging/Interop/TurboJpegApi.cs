namespace DicomPipeline.Imaging.Interop;

/// <summary>
/// The TurboJPEG 2.x functions (turbojpeg.h) the JPEG decoder calls. TurboJPEG is libjpeg-turbo's own C API, from the
/// same Debian source package as <c>libjpeg62-turbo</c>: unlike the libjpeg API it reports errors by return value, where
/// libjpeg's error_exit must longjmp, which cannot cross managed frames safely.
/// </summary>
internal sealed unsafe class TurboJpegApi
{
    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int FlagAccurateDct = 4096;
    public const int ColorspaceGray = 2;

    public TurboJpegApi(NativeCodecLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        InitDecompress = (delegate* unmanaged[Cdecl]<nint>)library.GetExport("tjInitDecompress");
        Destroy = (delegate* unmanaged[Cdecl]<nint, int>)library.GetExport("tjDestroy");
        DecompressHeader3 = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, int*, int*, int*, int*, int>)library.GetExport("tjDecompressHeader3");
        Decompress2 = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, byte*, int, int, int, int, int, int>)library.GetExport("tjDecompress2");
    }

    public delegate* unmanaged[Cdecl]<nint> InitDecompress { get; }

    public delegate* unmanaged[Cdecl]<nint, int> Destroy { get; }

    /// <summary>(handle, jpeg, size, width, height, subsampling, colourspace).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, nuint, int*, int*, int*, int*, int> DecompressHeader3 { get; }

    /// <summary>(handle, jpeg, size, destination, width, pitch, height, pixel format, flags).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, nuint, byte*, int, int, int, int, int, int> Decompress2 { get; }
}
