namespace DicomPipeline.Imaging;

/// <summary>A canonical Huffman table (T.81 C.2) decoded code length by code length.</summary>
internal sealed class JpegHuffmanTable
{
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var n = counts[length - 1];
            _valueOffset[length] = k - code;
            code += n;
            k += n;
            _maxCode[length] = n > 0 ? code - 1 : -1;
            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    public int Decode(ref JpegBitReader reader, JpegLosslessState state)
    {
        var code = 0;
        for (var length = 1; length <= 16; length++)
        {
            code = (code << 1) | reader.ReadBit();
            if (code <= _maxCode[length])
            {
                var index = code + _valueOffset[length];
                if (index < 0 || index >= _values.Length)
                {
                    break;
                }

                return _values[index];
            }
        }

        throw state.Error("has a Huffman code its table does not define");
    }
}
