using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DicomPipeline.Dicom;

/// <summary>
/// Copies a byte range between two files inside the kernel, so pixel data never passes through this process: Linux
/// <c>copy_file_range</c> first (what <c>cp</c> does; on file systems with reflinks no data is copied at all), and where
/// the kernel refuses it because the two files are on different file systems (input on a disk, output on tmpfs or
/// another disk), <c>sendfile</c>, which moves the page-cache pages into the output with one copy. <c>cp</c> falls back to
/// <c>read</c> and <c>write</c> there: every byte copied twice, through user space.
/// </summary>
internal static partial class KernelFileCopy
{
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;
    private const int EBADF = 9;
    private const int EPERM = 1;
    private const int EINTR = 4;
    private const int SeekSet = 0;

    /// <summary>The most one call moves; the kernel caps sendfile at a little under 2 GiB anyway.</summary>
    private const long Chunk = 1L << 30;

    /// <summary>How the last successful call copied; for tests and diagnostics.</summary>
    internal enum Method
    {
        /// <summary>Not copied by the kernel: the caller copies.</summary>
        None,

        /// <summary><c>copy_file_range</c>: both files on one file system.</summary>
        CopyFileRange,

        /// <summary><c>sendfile</c>: across file systems.</summary>
        SendFile,
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="sourcePath"/> at <paramref name="sourceOffset"/> to the
    /// current position of <paramref name="destination"/>, and moves that position past them. Returns false, having
    /// written nothing, where the kernel cannot do it (another OS, a file system without splice); the caller then copies.
    /// </summary>
    public static bool TryCopy(string sourcePath, long sourceOffset, long length, FileStream destination) =>
        TryCopy(sourcePath, sourceOffset, length, destination, out _);

    /// <inheritdoc cref="TryCopy(string, long, long, FileStream)"/>
    internal static bool TryCopy(string sourcePath, long sourceOffset, long length, FileStream destination, out Method method)
    {
        method = Method.None;
        if (!OperatingSystem.IsLinux() || length == 0)
        {
            return false;
        }

        using var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var target = destination.SafeFileHandle;
        var outStart = destination.Position;
        if (TryCopyFileRange(source, sourceOffset, target, outStart, length))
        {
            method = Method.CopyFileRange;
        }
        else if (TrySendFile(source, sourceOffset, target, outStart, length))
        {
            method = Method.SendFile;
        }
        else
        {
            return false;
        }

        destination.Seek(length, SeekOrigin.Current);
        return true;
    }

    private static bool TryCopyFileRange(SafeFileHandle source, long inOffset, SafeFileHandle target, long outOffset, long length)
    {
        var first = true;
        while (length > 0)
        {
            var copied = CopyFileRange(source, ref inOffset, target, ref outOffset, (nuint)Math.Min(length, Chunk), 0);
            if (copied < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

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
            length -= copied;
        }

        return true;
    }

    /// <summary>
    /// sendfile writes at the output's own file offset, which .NET does not keep (it writes with pwrite at positions it
    /// tracks itself): the offset is set first. The input offset is passed, so the input's own offset is left alone.
    /// </summary>
    private static bool TrySendFile(SafeFileHandle source, long inOffset, SafeFileHandle target, long outOffset, long length)
    {
        if (LSeek(target, outOffset, SeekSet) < 0)
        {
            return false;
        }

        var first = true;
        while (length > 0)
        {
            var copied = SendFile(target, source, ref inOffset, (nuint)Math.Min(length, Chunk));
            if (copied < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                if (first && errno is EINVAL or ENOSYS or EOPNOTSUPP)
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
            length -= copied;
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle fdIn, ref long offIn, SafeFileHandle fdOut, ref long offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SendFile(SafeFileHandle fdOut, SafeFileHandle fdIn, ref long offIn, nuint count);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(SafeFileHandle fd, long offset, int whence);
}
