using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>Owns one OpenJPEG object (a codec, a stream or an image) and frees it with the matching destroy function.</summary>
internal sealed unsafe class OpenJpegHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<nint, void> _destroy;

    public OpenJpegHandle(nint value, delegate* unmanaged[Cdecl]<nint, void> destroy)
        : base(0, ownsHandle: true)
    {
        _destroy = destroy;
        SetHandle(value);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _destroy(handle);
        return true;
    }
}
