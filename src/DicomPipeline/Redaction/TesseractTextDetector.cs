using System.Runtime.InteropServices;
using System.Text;
using DicomPipeline.Imaging;
using DicomPipeline.Imaging.Interop;
using DicomPipeline.Redaction.Interop;

namespace DicomPipeline.Redaction;

/// <summary>
/// Tesseract 5 (Debian <c>libtesseract5</c> with <c>tesseract-ocr-eng</c>) through its C API: one engine per instance,
/// made once and reused for every frame a worker scans, since loading the language model costs more than reading a frame.
/// </summary>
internal sealed unsafe class TesseractTextDetector : ITextDetector
{
    private readonly TesseractApi _api;
    private readonly TesseractHandle _engine;

    /// <summary>Starts an engine for <paramref name="language"/> from the language data in <paramref name="dataPath"/> (Tesseract's own default when null).</summary>
    /// <exception cref="PixelCodecException">Tesseract or its language data is not installed (<see cref="PixelCodecException.IsCodecMissing"/>).</exception>
    public TesseractTextDetector(NativeCodecLibrary? library = null, string? dataPath = null, string language = "eng")
    {
        library ??= DebianLibrary;
        OpenMpThreadLimit.EnsureApplied();
        _api = new TesseractApi(library);
        _engine = new TesseractHandle(_api.Create(), _api.Delete);
        if (_engine.IsInvalid)
        {
            throw new PixelCodecException("Tesseract could not make an engine");
        }

        var path = dataPath is null ? null : Encoding.UTF8.GetBytes(dataPath + "\0");
        var lang = Encoding.UTF8.GetBytes(language + "\0");
        fixed (byte* p = path)
        fixed (byte* l = lang)
        {
            if (_api.Init3(_engine.DangerousGetHandle(), p, l) != 0)
            {
                _engine.Dispose();
                throw new PixelCodecException($"Tesseract has no '{language}' language data (Debian package tesseract-ocr-{language})", isCodecMissing: true);
            }
        }

        // Frames carry no resolution; without one Tesseract warns on stderr for every frame and guesses.
        Set("user_defined_dpi", "300");
        Set("debug_file", "/dev/null");
        // The redactor reads each region in the polarity it found the strokes in, and the other only when that finds
        // nothing; Tesseract's own second reading of every unsure line, inverted, would double the cost for nothing.
        Set("tessedit_do_invert", "0");
        _api.SetPageSegMode(_engine.DangerousGetHandle(), TesseractApi.PageSegModeSparseText);
    }

    public static NativeCodecLibrary DebianLibrary { get; } = new("Tesseract OCR", "libtesseract5", "libtesseract.so.5");

    public IReadOnlyList<TextLine> Detect(GrayImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        var engine = _engine.DangerousGetHandle();
        var lines = new List<TextLine>();
        fixed (byte* pixels = image.Pixels)
        {
            _api.SetImage(engine, pixels, image.Width, image.Height, 1, image.Width);
            if (_api.Recognize(engine, 0) != 0)
            {
                _api.Clear(engine);
                return lines;
            }

            using var iterator = new TesseractHandle(_api.GetIterator(engine), _api.IteratorDelete);
            if (!iterator.IsInvalid)
            {
                ReadLines(iterator.DangerousGetHandle(), lines);
            }

            _api.Clear(engine);
        }

        return lines;
    }

    public void Dispose() => _engine.Dispose();

    private void ReadLines(nint iterator, List<TextLine> lines)
    {
        var page = _api.IteratorPageIterator(iterator);
        PixelBox lineBox = default;
        List<TextWord>? words = null;
        do
        {
            if (_api.PageIteratorIsAtBeginningOf(page, TesseractApi.LevelTextLine) != 0)
            {
                Flush(lines, lineBox, words);
                words = [];
                lineBox = Box(page, TesseractApi.LevelTextLine);
            }

            var text = _api.IteratorText(iterator, TesseractApi.LevelWord);
            if (text is null)
            {
                continue;
            }

            var word = Marshal.PtrToStringUTF8((nint)text) ?? "";
            _api.DeleteText(text);
            if (word.Trim().Length > 0)
            {
                words ??= [];
                words.Add(new TextWord(word.Trim(), Box(page, TesseractApi.LevelWord), _api.IteratorConfidence(iterator, TesseractApi.LevelWord)));
            }
        }
        while (_api.IteratorNext(iterator, TesseractApi.LevelWord) != 0);

        Flush(lines, lineBox, words);
    }

    private static void Flush(List<TextLine> lines, PixelBox lineBox, List<TextWord>? words)
    {
        if (words is { Count: > 0 })
        {
            lines.Add(new TextLine(words.Aggregate(lineBox, (box, w) => box.Union(w.Box)), words));
        }
    }

    private PixelBox Box(nint page, int level)
    {
        int left, top, right, bottom;
        return _api.PageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 ? new PixelBox(left, top, right, bottom) : default;
    }

    private void Set(string name, string value)
    {
        var n = Encoding.UTF8.GetBytes(name + "\0");
        var v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n)
        fixed (byte* pv = v)
        {
            _api.SetVariable(_engine.DangerousGetHandle(), pn, pv);
        }
    }
}
