using DicomPipeline.Imaging;
using DicomPipeline.Imaging.Interop;

namespace DicomPipeline.Tests.Imaging;

public sealed class NativeCodecLibraryTests
{
    [Fact]
    public void Decode_LibraryMissing_ThrowsCodecMissingWithOneLineReason()
    {
        var missing = new NativeCodecLibrary("CharLS (JPEG-LS)", "libcharls2", "libcharls-not-here.so.99");
        var decoder = new JpegLsDecoder(missing);

        var act = () => decoder.Decode(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, NativeFrameDecoderTests.Describe(2, 2), 0);

        var error = act.Should().Throw<PixelCodecException>().Which;
        error.IsCodecMissing.Should().BeTrue();
        error.Message.Should().Be("CharLS (JPEG-LS) is not installed (libcharls-not-here.so.99, Debian package libcharls2)");
    }

    [Fact]
    public void GetExport_FunctionMissing_SaysTheVersionIsTooOld()
    {
        var libc = new NativeCodecLibrary("C library", "libc6", "libc.so.6");

        var act = () => libc.GetExport("no_such_function_in_libc");

        act.Should().Throw<PixelCodecException>().Which.IsCodecMissing.Should().BeTrue();
    }
}
