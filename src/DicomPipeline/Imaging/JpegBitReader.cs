namespace DicomPipeline.Imaging;

/// <summary>Reads entropy-coded bits, dropping stuffed zero bytes and feeding zeros once a marker is reached.</summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _buffer;
    private int _bits;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    public int ReadBit()
    {
        if (_bits == 0)
        {
            Fill();
        }

        _bits--;
        return (_buffer >> _bits) & 1;
    }

    public int ReadBits(int count)
    {
        var value = 0;
        for (var k = 0; k < count; k++)
        {
            value = (value << 1) | ReadBit();
        }

        return value;
    }

    /// <summary>Skips to the next RSTn marker and past it, dropping the bits left in the byte.</summary>
    public void Restart(JpegLosslessState state)
    {
        _bits = 0;
        while (_position + 1 < _data.Length && !(_data[_position] == 0xFF && _data[_position + 1] is >= 0xD0 and <= 0xD7))
        {
            _position++;
        }

        if (_position + 1 >= _data.Length)
        {
            throw state.Error("lacks a restart marker");
        }

        _position += 2;
    }

    /// <summary>The position of the marker after the scan's entropy-coded data.</summary>
    public readonly int NextMarker()
    {
        var at = _position;
        while (at + 1 < _data.Length && !(_data[at] == 0xFF && _data[at + 1] != 0 && _data[at + 1] is not (>= 0xD0 and <= 0xD7)))
        {
            at++;
        }

        return at;
    }

    private void Fill()
    {
        var value = 0;
        if (_position < _data.Length)
        {
            value = _data[_position];
            if (value == 0xFF)
            {
                var next = _position + 1 < _data.Length ? _data[_position + 1] : 0xD9;
                if (next == 0)
                {
                    _position += 2;
                }
                else
                {
                    // A marker: the scan's data has ended; pad with zeros without moving past it.
                    value = 0;
                }
            }
            else
            {
                _position++;
            }
        }

        _buffer = value;
        _bits = 8;
    }
}
