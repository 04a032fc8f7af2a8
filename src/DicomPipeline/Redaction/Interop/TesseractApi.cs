using DicomPipeline.Imaging.Interop;

namespace DicomPipeline.Redaction.Interop;

/// <summary>The functions of Tesseract 5's C API (tesseract/capi.h) the text detector calls.</summary>
internal sealed unsafe class TesseractApi
{
    /// <summary>TessPageIteratorLevel values.</summary>
    public const int LevelTextLine = 2;
    public const int LevelWord = 3;

    /// <summary>PSM_SPARSE_TEXT: as much text as possible in no particular order, as annotations are scattered.</summary>
    public const int PageSegModeSparseText = 11;

    public TesseractApi(NativeCodecLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Create = (delegate* unmanaged[Cdecl]<nint>)library.GetExport("TessBaseAPICreate");
        Delete = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("TessBaseAPIDelete");
        Init3 = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, int>)library.GetExport("TessBaseAPIInit3");
        SetVariable = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, int>)library.GetExport("TessBaseAPISetVariable");
        SetPageSegMode = (delegate* unmanaged[Cdecl]<nint, int, void>)library.GetExport("TessBaseAPISetPageSegMode");
        SetImage = (delegate* unmanaged[Cdecl]<nint, byte*, int, int, int, int, void>)library.GetExport("TessBaseAPISetImage");
        Recognize = (delegate* unmanaged[Cdecl]<nint, nint, int>)library.GetExport("TessBaseAPIRecognize");
        GetIterator = (delegate* unmanaged[Cdecl]<nint, nint>)library.GetExport("TessBaseAPIGetIterator");
        Clear = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("TessBaseAPIClear");
        IteratorDelete = (delegate* unmanaged[Cdecl]<nint, void>)library.GetExport("TessResultIteratorDelete");
        IteratorNext = (delegate* unmanaged[Cdecl]<nint, int, int>)library.GetExport("TessResultIteratorNext");
        IteratorText = (delegate* unmanaged[Cdecl]<nint, int, byte*>)library.GetExport("TessResultIteratorGetUTF8Text");
        IteratorConfidence = (delegate* unmanaged[Cdecl]<nint, int, float>)library.GetExport("TessResultIteratorConfidence");
        IteratorPageIterator = (delegate* unmanaged[Cdecl]<nint, nint>)library.GetExport("TessResultIteratorGetPageIterator");
        PageIteratorIsAtBeginningOf = (delegate* unmanaged[Cdecl]<nint, int, int>)library.GetExport("TessPageIteratorIsAtBeginningOf");
        PageIteratorBoundingBox = (delegate* unmanaged[Cdecl]<nint, int, int*, int*, int*, int*, int>)library.GetExport("TessPageIteratorBoundingBox");
        DeleteText = (delegate* unmanaged[Cdecl]<byte*, void>)library.GetExport("TessDeleteText");
    }

    public delegate* unmanaged[Cdecl]<nint> Create { get; }

    public delegate* unmanaged[Cdecl]<nint, void> Delete { get; }

    public delegate* unmanaged[Cdecl]<nint, byte*, byte*, int> Init3 { get; }

    public delegate* unmanaged[Cdecl]<nint, byte*, byte*, int> SetVariable { get; }

    public delegate* unmanaged[Cdecl]<nint, int, void> SetPageSegMode { get; }

    /// <summary>(handle, pixels, width, height, bytes per pixel, bytes per line).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, int, int, int, int, void> SetImage { get; }

    public delegate* unmanaged[Cdecl]<nint, nint, int> Recognize { get; }

    public delegate* unmanaged[Cdecl]<nint, nint> GetIterator { get; }

    public delegate* unmanaged[Cdecl]<nint, void> Clear { get; }

    public delegate* unmanaged[Cdecl]<nint, void> IteratorDelete { get; }

    public delegate* unmanaged[Cdecl]<nint, int, int> IteratorNext { get; }

    public delegate* unmanaged[Cdecl]<nint, int, byte*> IteratorText { get; }

    public delegate* unmanaged[Cdecl]<nint, int, float> IteratorConfidence { get; }

    public delegate* unmanaged[Cdecl]<nint, nint> IteratorPageIterator { get; }

    public delegate* unmanaged[Cdecl]<nint, int, int> PageIteratorIsAtBeginningOf { get; }

    public delegate* unmanaged[Cdecl]<nint, int, int*, int*, int*, int*, int> PageIteratorBoundingBox { get; }

    public delegate* unmanaged[Cdecl]<byte*, void> DeleteText { get; }
}
