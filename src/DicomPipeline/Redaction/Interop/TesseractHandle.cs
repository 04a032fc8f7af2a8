using System.Runtime.InteropServices;

namespace DicomPipeline.Redaction.Interop;

/// <summary>Owns a Tesseract object (the engine or a result iterator) and frees it with the matching delete function.</summary>
internal sealed unsafe class TesseractHandle : SafeHandle
{
    private readonly delegate* unmanaged[Cdecl]<nint, void> _delete;

    public TesseractHandle(nint value, delegate* unmanaged[Cdecl]<nint, void> delete)
        : base(0, ownsHandle: true)
    {
        _delete = delete;
        SetHandle(value);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _delete(handle);
        return true;
    }
}
