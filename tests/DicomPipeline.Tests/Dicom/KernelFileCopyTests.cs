using System.Runtime.InteropServices;
using DicomPipeline.Dicom;
using Microsoft.Win32.SafeHandles;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// The kernel copy of pixel data: within one file system and, the case users hit when the input is on one disk and the
/// output on another (or on tmpfs), across two. The source across is a memfd: a file on the kernel's own internal tmpfs,
/// which is never the file system of the temporary folder, whatever the machine mounts where.
/// </summary>
public sealed partial class KernelFileCopyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kernel-copy-").FullName;
    private readonly byte[] _content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AcrossFileSystems_TheKernelCopies_BetweenWhatWasWrittenBeforeAndAfter()
    {
        using var memory = MemoryFile(_content);

        var (copied, output) = CopyBetweenHeadAndTail(memory.Path, 1000, 250_000, out var method);

        copied.Should().BeTrue("sendfile copies across file systems where copy_file_range says EXDEV");
        method.Should().Be(KernelFileCopy.Method.SendFile);
        output.Should().Equal([.. Head, .. _content.AsSpan(1000, 250_000).ToArray(), .. Tail]);
    }

    [Fact]
    public void WithinOneFileSystem_TheKernelCopies()
    {
        var source = Path.Combine(_folder, "source");
        File.WriteAllBytes(source, _content);

        var (copied, output) = CopyBetweenHeadAndTail(source, 17, 200_001, out var method);

        copied.Should().BeTrue();
        method.Should().NotBe(KernelFileCopy.Method.None);
        output.Should().Equal([.. Head, .. _content.AsSpan(17, 200_001).ToArray(), .. Tail]);
    }

    [Fact]
    public void SourceShorterThanTheRange_FailsInsteadOfWritingAShortFile()
    {
        using var memory = MemoryFile(_content[..5000]);

        var act = () => CopyBetweenHeadAndTail(memory.Path, 0, 10_000, out _);

        act.Should().Throw<IOException>().WithMessage("*ended before the value did*");
    }

    private static readonly byte[] Head = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    private static readonly byte[] Tail = [0xFE, 0xFD];

    /// <summary>Writes a head through the stream's buffer, the range by the kernel, a tail; returns the file.</summary>
    private (bool Copied, byte[] Output) CopyBetweenHeadAndTail(string source, long offset, long length, out KernelFileCopy.Method method)
    {
        var target = Path.Combine(_folder, "out-" + Guid.NewGuid().ToString("N"));
        bool copied;
        using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 4096))
        {
            stream.Write(Head);
            copied = KernelFileCopy.TryCopy(source, offset, length, stream, out method);
            stream.Write(Tail);
        }

        return (copied, File.ReadAllBytes(target));
    }

    private static MemoryFileHandle MemoryFile(byte[] content)
    {
        var fd = MemfdCreate("kernel-copy-test", 0);
        if (fd < 0)
        {
            throw new IOException($"memfd_create failed (errno {Marshal.GetLastPInvokeError()})");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var path = "/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllBytes(path, content);
        return new MemoryFileHandle(handle, path);
    }

    private sealed record MemoryFileHandle(SafeFileHandle Handle, string Path) : IDisposable
    {
        public void Dispose() => Handle.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);
}
