using DicomPipeline.Dicom;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Robustness;

/// <summary>The suites' contract check itself: it must catch a programming error, not count it as a rejected bad file.</summary>
public class VariantCheckTests
{
    /// <summary>
    /// Issue 15, item 11: the reader used to turn ArgumentException, InvalidOperationException and OverflowException into
    /// DicomFormatException, so a bug under the parser passed every mutation suite as "a bad file, rejected".
    /// </summary>
    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(OverflowException))]
    public void Run_ReadHitsAnInjectedBug_ReportsTheBrokenContract(Type bug)
    {
        var variant = MutationVariants.Create(MutationFamily.LengthAtBoundary, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, 0);

        var problem = VariantCheck.Run(variant, open: bytes => new FaultyStream(bytes, failAt: 0, () => (Exception)Activator.CreateInstance(bug, "injected bug")!));

        problem.Should().Contain($"read threw {bug.Name}: injected bug");
    }

    /// <summary>
    /// Issue 26: the allocation limit reads this thread's counter, so a read that resumes on another thread after an
    /// await would be measured as allocating almost nothing. Such a read is reported, not passed.
    /// </summary>
    [Fact]
    public void Run_ReadThatCompletesOnAnotherThread_ReportedAsUnmeasurable()
    {
        var variant = MutationVariants.Create(MutationFamily.LengthAtBoundary, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, 0);

        var problem = VariantCheck.Run(variant, open: bytes => new YieldingStream(bytes));

        problem.Should().Contain("did not complete on the calling thread");
    }

    /// <summary>A read-only stream whose asynchronous reads stay pending (until cancelled), as a slow disk or socket would.</summary>
    private sealed class YieldingStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Pending until the check's time limit cancels it: the read cannot finish before the check looks.
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return _inner.Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
