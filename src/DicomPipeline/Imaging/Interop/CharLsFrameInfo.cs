using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>CharLS's <c>charls_frame_info</c> (public_types.h): width, height, bits per sample, component count.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CharLsFrameInfo
{
    public uint Width;
    public uint Height;
    public int BitsPerSample;
    public int ComponentCount;
}
