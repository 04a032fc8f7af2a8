using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>Owns a <c>charls_jpegls_decoder*</c>, destroyed when released.</summary>
internal sealed unsafe class CharLsDecoderHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<nint, void> _destroy;

    public CharLsDecoderHandle(CharLsApi api)
        : base(0, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(api);
        _destroy = api.Destroy;
        SetHandle(api.Create());
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _destroy(handle);
        return true;
    }
}
