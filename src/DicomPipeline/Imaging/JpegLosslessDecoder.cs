using System.Buffers.Binary;

namespace DicomPipeline.Imaging;

/// <summary>
/// JPEG lossless, Huffman coded, non-hierarchical (ITU-T T.81 Annex H: process 14, of which DICOM's SV1 syntax is
/// selection value 1), 2 to 16 bits, any number of components, interleaved or one scan per component, with restart
/// intervals. Written here: Debian bookworm's libjpeg-turbo 2.1 does not decode it.
/// </summary>
internal sealed class JpegLosslessDecoder : IFrameDecoder
{
    public static JpegLosslessDecoder Instance { get; } = new();

    public PixelFrame Decode(ReadOnlySpan<byte> encoded, PixelDescription description, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(description);
        var state = new JpegLosslessState(frameIndex);
        var tables = new JpegHuffmanTable?[4];
        int[]? componentIds = null;
        ushort[][]? planes = null;
        int width = 0, height = 0, precision = 0, restartInterval = 0;
        var i = 2;
        if (encoded.Length < 2 || encoded[0] != 0xFF || encoded[1] != 0xD8)
        {
            throw state.Error("does not start with SOI");
        }

        while (i + 1 < encoded.Length)
        {
            if (encoded[i] != 0xFF)
            {
                throw state.Error($"has no marker at byte {i}");
            }

            var marker = encoded[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker == 0xD9)
            {
                break;
            }

            if (i + 4 > encoded.Length)
            {
                throw state.Error("ends inside a marker");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(encoded[(i + 2)..]);
            if (i + 2 + length > encoded.Length || length < 2)
            {
                throw state.Error($"has a marker segment running past its end at byte {i}");
            }

            var segment = encoded.Slice(i + 4, length - 2);
            switch (marker)
            {
                case 0xC3:
                    precision = segment[0];
                    height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                    width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                    var count = segment[5];
                    componentIds = new int[count];
                    planes = new ushort[count][];
                    for (var c = 0; c < count; c++)
                    {
                        componentIds[c] = segment[6 + (c * 3)];
                        if (segment[7 + (c * 3)] != 0x11)
                        {
                            throw state.Error("has subsampled components, which lossless JPEG in DICOM does not use");
                        }

                        planes[c] = new ushort[width * height];
                    }

                    if (width != description.Columns || height != description.Rows || count != description.SamplesPerPixel)
                    {
                        throw state.Error($"is {width}x{height}x{count}, the header says {description.Columns}x{description.Rows}x{description.SamplesPerPixel}");
                    }

                    if (precision is < 2 or > 16)
                    {
                        throw state.Error($"has a precision of {precision} bits");
                    }

                    break;
                case 0xC4:
                    ReadJpegHuffmanTables(segment, tables, state);
                    break;
                case 0xDD:
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xDA:
                    if (componentIds is null || planes is null)
                    {
                        throw state.Error("has a scan before its frame header");
                    }

                    i = DecodeScan(encoded, i + 2 + length, segment, componentIds, planes, tables, width, height, precision, restartInterval, state);
                    continue;
                case >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    throw state.Error($"is not lossless Huffman JPEG (SOF{marker - 0xC0})");
                default:
                    break;
            }

            i += 2 + length;
        }

        if (planes is null)
        {
            throw state.Error("has no frame header");
        }

        var bytesPerSample = description.DecodedBytesPerSample;
        var samples = planes.Length;
        var data = new byte[width * height * samples * bytesPerSample];
        for (var p = 0; p < width * height; p++)
        {
            for (var s = 0; s < samples; s++)
            {
                var value = planes[s][p];
                var at = ((p * samples) + s) * bytesPerSample;
                data[at] = (byte)value;
                if (bytesPerSample == 2)
                {
                    data[at + 1] = (byte)(value >> 8);
                }
            }
        }

        return new PixelFrame(height, width, samples, bytesPerSample, description.PhotometricInterpretation, data);
    }

    private static void ReadJpegHuffmanTables(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] tables, JpegLosslessState state)
    {
        var at = 0;
        while (at < segment.Length)
        {
            var classAndId = segment[at];
            if (at + 17 > segment.Length)
            {
                throw state.Error("has a truncated Huffman table");
            }

            var counts = segment.Slice(at + 1, 16);
            var total = 0;
            foreach (var c in counts)
            {
                total += c;
            }

            if (at + 17 + total > segment.Length)
            {
                throw state.Error("has a truncated Huffman table");
            }

            // Lossless coding uses DC tables only (class 0); AC tables in the stream are ignored.
            if ((classAndId >> 4) == 0)
            {
                tables[classAndId & 3] = new JpegHuffmanTable(counts, segment.Slice(at + 17, total));
            }

            at += 17 + total;
        }
    }

    private static int DecodeScan(
        ReadOnlySpan<byte> jpeg,
        int dataStart,
        ReadOnlySpan<byte> header,
        int[] componentIds,
        ushort[][] planes,
        JpegHuffmanTable?[] tables,
        int width,
        int height,
        int precision,
        int restartInterval,
        JpegLosslessState state)
    {
        var count = header[0];
        var scanPlanes = new ushort[count][];
        var scanTables = new JpegHuffmanTable[count];
        for (var c = 0; c < count; c++)
        {
            var index = Array.IndexOf(componentIds, (int)header[1 + (c * 2)]);
            if (index < 0)
            {
                throw state.Error("has a scan naming a component the frame lacks");
            }

            scanPlanes[c] = planes[index];
            scanTables[c] = tables[header[2 + (c * 2)] >> 4] ?? throw state.Error("has a scan whose Huffman table is not defined");
        }

        var predictor = header[1 + (count * 2)];
        var pointTransform = header[3 + (count * 2)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw state.Error($"has selection value {predictor}, not 1 to 7");
        }

        var reader = new JpegBitReader(jpeg, dataStart);
        var initial = 1 << (precision - pointTransform - 1);
        var mask = (1 << (precision - pointTransform)) - 1;
        var mcusLeft = restartInterval;
        var firstLineRow = 0;
        var resetPending = true;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (restartInterval > 0 && mcusLeft == 0)
                {
                    reader.Restart(state);
                    mcusLeft = restartInterval;
                    resetPending = true;
                    firstLineRow = y;
                }

                var startOfInterval = resetPending;
                resetPending = false;
                for (var c = 0; c < count; c++)
                {
                    var plane = scanPlanes[c];
                    var at = (y * width) + x;
                    int prediction;
                    if (startOfInterval)
                    {
                        prediction = initial;
                    }
                    else if (y == firstLineRow)
                    {
                        prediction = plane[at - 1];
                    }
                    else if (x == 0)
                    {
                        prediction = plane[at - width];
                    }
                    else
                    {
                        int ra = plane[at - 1], rb = plane[at - width], rc = plane[at - width - 1];
                        prediction = predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }

                    var category = scanTables[c].Decode(ref reader, state);
                    int difference;
                    if (category == 16)
                    {
                        difference = 32768;
                    }
                    else if (category == 0)
                    {
                        difference = 0;
                    }
                    else
                    {
                        var bits = reader.ReadBits(category);
                        difference = bits < (1 << (category - 1)) ? bits - (1 << category) + 1 : bits;
                    }

                    plane[at] = (ushort)((prediction + difference) & mask);
                }

                mcusLeft--;
            }
        }

        if (pointTransform > 0)
        {
            foreach (var plane in scanPlanes)
            {
                for (var p = 0; p < plane.Length; p++)
                {
                    plane[p] = (ushort)(plane[p] << pointTransform);
                }
            }
        }

        return reader.NextMarker();
    }
}
