using System.Buffers;
using System.Text;

namespace DicomPipeline.Dicom;

// ISO/IEC 2022 code extensions (PS3.5 6.1.2.5): decoding with escape sequences, and encoding that writes the escapes
// and returns to the initial designations where PS3.5 requires.
internal sealed partial class DicomCharacterSet
{
    private string DecodeIso2022(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var isPersonName = vr == DicomVR.PN;
        var isMultiValued = vr.IsMultiValuedString;
        var rented = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            // Every byte gives at most one character, so the output never outgrows the input.
            var output = rented.AsSpan(0, bytes.Length);
            var written = 0;
            var g0 = _initialG0;
            var g1 = _initialG1;
            var i = 0;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b == Esc)
                {
                    if (TryParseEscape(bytes[i..], out var length, out var designation))
                    {
                        if (designation.IsG1)
                        {
                            g1 = designation.Element;
                        }
                        else
                        {
                            g0 = designation.Element;
                        }

                        i += length;
                    }
                    else
                    {
                        output[written++] = (char)Esc;
                        i++;
                    }

                    continue;
                }

                if (b < 0x20)
                {
                    // CR, LF, FF, TAB and every other control character: back to the initial designations.
                    output[written++] = (char)b;
                    g0 = _initialG0;
                    g1 = _initialG1;
                    i++;
                    continue;
                }

                if (b >= 0x80)
                {
                    var end = i + 1;
                    while (end < bytes.Length && bytes[end] >= 0x80)
                    {
                        end++;
                    }

                    var run = bytes[i..end];
                    if (g1 is null)
                    {
                        foreach (var raw in run)
                        {
                            output[written++] = (char)raw;
                        }
                    }
                    else
                    {
                        g1.Decode(run, output, ref written);
                    }

                    i = end;
                    continue;
                }

                if (b is 0x20 or 0x7F)
                {
                    output[written++] = (char)b;
                    i++;
                    continue;
                }

                if (g0.IsDoubleByte)
                {
                    var end = i + 1;
                    while (end < bytes.Length && bytes[end] is >= 0x21 and <= 0x7E)
                    {
                        end++;
                    }

                    g0.Decode(bytes[i..end], output, ref written);
                    i = end;
                    continue;
                }

                g0.Decode(bytes.Slice(i, 1), output, ref written);
                if (g0.IsAsciiCompatible && ((b == (byte)'\\' && isMultiValued) || (b is (byte)'^' or (byte)'=' && isPersonName)))
                {
                    g0 = _initialG0;
                    g1 = _initialG1;
                }

                i++;
            }

            return new string(output[..written]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private bool TryEncodeIso2022(string value, DicomVR vr, out byte[] bytes)
    {
        var isPersonName = vr == DicomVR.PN;
        var isMultiValued = vr.IsMultiValuedString;
        var output = new ByteBuilder(value.Length + 8);
        Span<byte> codes = stackalloc byte[4];
        var g0 = _initialG0;
        var g1 = _initialG1ForEncoding;
        var remaining = value.AsSpan();
        bytes = [];
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            remaining = remaining[consumed..];
            var v = rune.Value;
            if (v < 0x20 || (v == '\\' && isMultiValued) || (v is '^' or '=' && isPersonName))
            {
                Restore(ref g0, ref g1, ref output);
                output.Add((byte)v);
                continue;
            }

            if (!TryEncodeRune(rune, codes, ref g0, ref g1, ref output))
            {
                return false;
            }
        }

        Restore(ref g0, ref g1, ref output);
        bytes = output.ToArray();
        return true;
    }

    private bool TryEncodeRune(Rune rune, Span<byte> codes, ref CodeElement g0, ref CodeElement? g1, ref ByteBuilder output)
    {
        var count = g0.Encode(rune, codes);
        if (count > 0)
        {
            output.AddCodes(codes[..count], false);
            return true;
        }

        if (g1 is not null && (count = g1.Encode(rune, codes)) > 0)
        {
            output.AddCodes(codes[..count], true);
            return true;
        }

        foreach (var designation in _designations)
        {
            if (designation.Element == (designation.IsG1 ? g1 : g0))
            {
                continue;
            }

            count = designation.Element.Encode(rune, codes);
            if (count == 0)
            {
                continue;
            }

            if (designation.IsG1)
            {
                output.AddEscape(designation.Element.G1Escape!);
                g1 = designation.Element;
            }
            else
            {
                output.AddEscape(designation.Element.G0Escape!);
                g0 = designation.Element;
            }

            output.AddCodes(codes[..count], designation.IsG1);
            return true;
        }

        return false;
    }

    private void Restore(ref CodeElement g0, ref CodeElement? g1, ref ByteBuilder output)
    {
        if (g0 != _initialG0)
        {
            output.AddEscape(_initialG0.G0Escape!);
            g0 = _initialG0;
        }

        if (g1 != _initialG1ForEncoding)
        {
            // With no G1 set in value 1 there is nothing to designate back: readers drop G1 at the delimiter.
            if (_initialG1ForEncoding is not null)
            {
                output.AddEscape(_initialG1ForEncoding.G1Escape!);
            }

            g1 = _initialG1ForEncoding;
        }
    }
}
