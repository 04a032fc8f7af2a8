using System.Buffers;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>An element gives back the value it was given, whatever memory holds it.</summary>
public sealed class DicomElementTests
{
    [Fact]
    public void GetBytes_SliceOfAnArray_IsThatSlice()
    {
        var array = "..PN-VALUE.."u8.ToArray();
        var element = new DicomElement(DicomTag.PatientName, DicomVR.PN, array.AsMemory(2, 8));

        element.GetBytes().ToArray().Should().Equal("PN-VALUE"u8.ToArray());
        element.Length.Should().Be(8);
        element.IsInSourceFile.Should().BeFalse();
    }

    [Fact]
    public void GetBytes_FromAMemoryManager_IsItsSlice()
    {
        using var manager = new OwnedBytes("xxID-0042x"u8.ToArray());
        var element = new DicomElement(DicomTag.PatientID, DicomVR.LO, manager.Memory.Slice(2, 7));

        element.GetBytes().ToArray().Should().Equal("ID-0042"u8.ToArray());
        element.Length.Should().Be(7);
    }

    [Fact]
    public void GetBytes_Empty_IsEmpty()
    {
        new DicomElement(DicomTag.PatientName, DicomVR.PN, ReadOnlyMemory<byte>.Empty).GetBytes().IsEmpty.Should().BeTrue();
        new DicomElement(DicomTag.PatientName, DicomVR.PN, new byte[4].AsMemory(4, 0)).Length.Should().Be(0);
    }

    /// <summary>A memory manager that is not an array's, so the element cannot take the array behind it.</summary>
    private sealed class OwnedBytes(byte[] bytes) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = default;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
