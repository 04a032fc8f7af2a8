using System.Runtime.InteropServices;
using DicomPipeline.Redaction;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>The Tesseract engine against Debian's libtesseract5 (built with OpenMP).</summary>
public sealed class TesseractTextDetectorTests
{
    [Fact]
    public unsafe void Create_DebianLibtesseract_OpenMpLimitedToOneThread()
    {
        // One engine runs per worker; OpenMP threads inside each engine only spin (3 to 4 times the CPU on the pixel
        // benchmark). libgomp, loaded with libtesseract, is asked for the limit it read when it was loaded.
        using var detector = new TesseractTextDetector();
        NativeLibrary.TryLoad("libgomp.so.1", out var gomp).Should().BeTrue("Debian's libtesseract5 depends on libgomp1");
        var threadLimit = (delegate* unmanaged[Cdecl]<int>)NativeLibrary.GetExport(gomp, "omp_get_thread_limit");

        threadLimit().Should().Be(1);
    }
}
