using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>Owns a TurboJPEG decompressor (<c>tjhandle</c>), destroyed when released.</summary>
internal sealed unsafe class TurboJpegHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<nint, int> _destroy;

    public TurboJpegHandle(TurboJpegApi api)
        : base(0, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(api);
        _destroy = api.Destroy;
        SetHandle(api.InitDecompress());
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => _destroy(handle) == 0;
}
