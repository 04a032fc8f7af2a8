using System.Buffers.Binary;

namespace DicomPipeline.Dicom;

// The bytes of one header: tag, VR and length in the syntax being written, into the buffer.
internal sealed partial class DicomWriter
{
    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        if (!_explicitVR)
        {
            WriteTagLength(tag, length);
            return;
        }

        // A value too long for a 16-bit length field can only be written as UN (PS3.5 6.2.2).
        if (!vr.HasLongExplicitLength && length > 0xFFFE)
        {
            vr = DicomVR.UN;
        }

        var span = Reserve(vr.HasLongExplicitLength ? 12 : 8);
        WriteTag(span, tag);
        span[4] = (byte)vr.Code[0];
        span[5] = (byte)vr.Code[1];
        if (vr.HasLongExplicitLength)
        {
            span[6] = 0;
            span[7] = 0;
            WriteUInt32(span[8..], length);
        }
        else
        {
            WriteUInt16(span[6..], (ushort)length);
        }
    }

    private void WriteTagLength(DicomTag tag, uint length)
    {
        var span = Reserve(8);
        WriteTag(span, tag);
        WriteUInt32(span[4..], length);
    }

    private void WriteTag(Span<byte> span, DicomTag tag)
    {
        WriteUInt16(span, tag.Group);
        WriteUInt16(span[2..], tag.Element);
    }

    private void WriteUInt16(Span<byte> span, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }

    private void WriteUInt32(Span<byte> span, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    private Span<byte> Reserve(int count) => PooledBytes.Reserve(ref _buffer, ref _count, count);
}
