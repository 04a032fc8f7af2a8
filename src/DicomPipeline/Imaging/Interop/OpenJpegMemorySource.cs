using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>
/// The user data of an OpenJPEG input stream reading a pinned managed buffer, with the read, skip and seek callbacks
/// OpenJPEG calls on it (it has no memory stream of its own).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OpenJpegMemorySource
{
    public byte* Data;
    public long Length;
    public long Position;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nuint Read(byte* buffer, nuint count, OpenJpegMemorySource* source)
    {
        var left = source->Length - source->Position;
        if (left <= 0)
        {
            return unchecked((nuint)(-1));
        }

        var n = (long)Math.Min((ulong)left, count);
        Buffer.MemoryCopy(source->Data + source->Position, buffer, (long)count, n);
        source->Position += n;
        return (nuint)n;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static long Skip(long count, OpenJpegMemorySource* source)
    {
        var target = Math.Clamp(source->Position + count, 0, source->Length);
        var skipped = target - source->Position;
        source->Position = target;
        return skipped;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static int Seek(long position, OpenJpegMemorySource* source)
    {
        if (position < 0 || position > source->Length)
        {
            return 0;
        }

        source->Position = position;
        return 1;
    }
}
