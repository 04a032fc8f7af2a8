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
        var step = new CopyFileRangeStep(source, inOffset, target, outOffset);
        return Loop(ref step, length);
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

        var step = new SendFileStep(source, inOffset, target);
        return Loop(ref step, length);
    }

    /// <summary>
    /// Calls <paramref name="step"/> until <paramref name="length"/> bytes are copied. False, with nothing copied, when
    /// the first call is refused in a way that means "not here" (then the caller tries another way); any other failure,
    /// or a source that ends early, is an <see cref="IOException"/>.
    /// </summary>
    private static bool Loop<TStep>(ref TStep step, long length)
        where TStep : struct, ICopyStep
    {
        var first = true;
        while (length > 0)
        {
            var copied = step.Copy((nuint)Math.Min(length, Chunk));
            if (copied < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                if (first && step.MeansNotHere(errno))
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

    private interface ICopyStep
    {
        /// <summary>Copies at most <paramref name="count"/> bytes, moving its offsets; the count copied, or -1 (errno set).</summary>
        nint Copy(nuint count);

        /// <summary>Whether <paramref name="errno"/> from the first call means the kernel cannot copy this pair.</summary>
        bool MeansNotHere(int errno);
    }

    private struct CopyFileRangeStep(SafeFileHandle source, long inOffset, SafeFileHandle target, long outOffset) : ICopyStep
    {
        private long _in = inOffset;
        private long _out = outOffset;

        public nint Copy(nuint count) => CopyFileRange(source, ref _in, target, ref _out, count, 0);

        public readonly bool MeansNotHere(int errno) => errno is EXDEV or EINVAL or ENOSYS or EOPNOTSUPP or EBADF or EPERM;
    }

    private struct SendFileStep(SafeFileHandle source, long inOffset, SafeFileHandle target) : ICopyStep
    {
        private long _in = inOffset;

        public nint Copy(nuint count) => SendFile(target, source, ref _in, count);

        public readonly bool MeansNotHere(int errno) => errno is EINVAL or ENOSYS or EOPNOTSUPP;
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle fdIn, ref long offIn, SafeFileHandle fdOut, ref long offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SendFile(SafeFileHandle fdOut, SafeFileHandle fdIn, ref long offIn, nuint count);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(SafeFileHandle fd, long offset, int whence);
}
