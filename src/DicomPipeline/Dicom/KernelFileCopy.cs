using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomPipeline.Dicom;

/// <summary>
/// Copies a byte range between two files inside the kernel (Linux <c>copy_file_range</c>), so pixel data never passes
/// through this process: the same path <c>cp</c> takes, and on file systems with reflinks no data is copied at all.
/// </summary>
internal static partial class KernelFileCopy
{
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;
    private const int EBADF = 9;
    private const int EPERM = 1;

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="sourcePath"/> at <paramref name="sourceOffset"/> to the
    /// current position of <paramref name="destination"/>, and moves that position past them. Returns false, having
    /// written nothing, where the kernel cannot do it (another OS, another file system pair); the caller then copies.
    /// </summary>
    public static bool TryCopy(string sourcePath, long sourceOffset, long length, FileStream destination)
    {
        if (!OperatingSystem.IsLinux() || length == 0)
        {
            return false;
        }

        using var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var target = destination.SafeFileHandle;
        var inOffset = sourceOffset;
        var outOffset = destination.Position;
        var left = length;
        var first = true;
        while (left > 0)
        {
            var copied = CopyFileRange(source, ref inOffset, target, ref outOffset, (nuint)Math.Min(left, 1L << 30), 0);
            if (copied < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (first && errno is EXDEV or EINVAL or ENOSYS or EOPNOTSUPP or EBADF or EPERM)
                {
                    return false;
                }

                throw new IOException($"Copying a value from its source file failed (errno {errno}).");
            }

            if (copied == 0)
            {
                throw new IOException("The source file ended before the value did: it changed while in use.");
            }

            first = false;
            left -= copied;
        }

        destination.Seek(length, SeekOrigin.Current);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle fdIn, ref long offIn, SafeFileHandle fdOut, ref long offOut, nuint length, uint flags);
}
