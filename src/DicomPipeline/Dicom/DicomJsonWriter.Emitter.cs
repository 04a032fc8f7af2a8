using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace DicomPipeline.Dicom;

// The DICOM JSON Model itself (PS3.18 F.2), written synchronously element by element.
public static partial class DicomJsonWriter
{
    /// <summary>Writes the DICOM JSON Model of datasets and their attributes, synchronously.</summary>
    private sealed class Emitter(Utf8JsonWriter writer)
    {
        public void WriteDataset(DicomDataset dataset)
        {
            writer.WriteStartObject();
            foreach (var attribute in dataset)
            {
                if (!attribute.Tag.IsGroupLength)
                {
                    WriteAttribute(dataset, attribute);
                }
            }

            writer.WriteEndObject();
        }

        public void WriteAttribute(DicomDataset owner, DicomAttribute attribute)
        {
            writer.WritePropertyName(TagName(attribute.Tag));
            writer.WriteStartObject();
            writer.WriteString("vr", attribute.VR.Code);
            switch (attribute)
            {
                case DicomSequence sequence:
                    WriteSequence(sequence);
                    break;
                case DicomFragmentSequence fragments:
                    WriteFragments(fragments);
                    break;
                case DicomElement element:
                    WriteElement(owner, element);
                    break;
                default:
                    break;
            }

            writer.WriteEndObject();
        }

        private void WriteSequence(DicomSequence sequence)
        {
            if (sequence.Items.Count == 0)
            {
                return;
            }

            writer.WriteStartArray("Value");
            foreach (var item in sequence.Items)
            {
                WriteDataset(item);
            }

            writer.WriteEndArray();
        }

        private void WriteFragments(DicomFragmentSequence fragments)
        {
            writer.WritePropertyName("InlineBinary");
            foreach (var fragment in Items(fragments))
            {
                WriteSegment(writer, ItemHeader(DicomTag.ItemTag, fragment.Length), isFinal: false);
                WriteSegment(writer, fragment.GetBytes().Span, isFinal: false);
                WriteSegment(writer, PaddingFor(fragment.Length, 0), isFinal: false);
            }

            WriteSegment(writer, ItemHeader(DicomTag.SequenceDelimitationTag, 0), isFinal: true);
        }

        private void WriteElement(DicomDataset owner, DicomElement element)
        {
            if (element.Length == 0)
            {
                return; // F.2.5: present but empty, so neither "Value" nor "InlineBinary"
            }

            var vr = element.VR;
            if (vr.IsBulk)
            {
                writer.WritePropertyName("InlineBinary");
                WriteSegment(writer, element.GetBytes().Span, isFinal: false);
                WriteSegment(writer, PaddingFor(element.Length, vr.PaddingByte), isFinal: true);
            }
            else if (vr.IsString)
            {
                WriteStrings(owner.GetStrings(element.Tag), vr);
            }
            else if (vr == DicomVR.AT)
            {
                WriteTags(element.GetBytes().Span);
            }
            else if (vr.IsBinaryNumber)
            {
                WriteNumbers(element.GetBytes().Span, vr);
            }
        }

        private void WriteStrings(IReadOnlyList<string> values, DicomVR vr)
        {
            if (values.Count == 0 || (values.Count == 1 && values[0].Length == 0))
            {
                return; // only padding: no value
            }

            writer.WriteStartArray("Value");
            foreach (var value in values)
            {
                if (value.Length == 0)
                {
                    writer.WriteNullValue();
                }
                else if (vr == DicomVR.PN)
                {
                    WritePersonName(value);
                }
                else if (vr == DicomVR.IS || vr == DicomVR.DS)
                {
                    WriteNumberString(value, vr);
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
        }

        private void WritePersonName(string value)
        {
            // At most three groups; anything after a third '=' stays in the phonetic group rather than being lost.
            var groups = value.Split('=', 3);
            if (groups.All(g => g.Length == 0))
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartObject();
            string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
            for (var i = 0; i < groups.Length; i++)
            {
                if (groups[i].Length > 0)
                {
                    writer.WriteString(names[i], groups[i]);
                }
            }

            writer.WriteEndObject();
        }

        private void WriteNumberString(string value, DicomVR vr)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                writer.WriteStringValue(value); // not a number: keep the text (see the class remarks)
            }
            else if (vr == DicomVR.IS && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
            }
            else if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) && (double)exact == number)
            {
                writer.WriteNumberValue(exact); // keeps the digits written, trailing zeros included
            }
            else
            {
                writer.WriteNumberValue(number); // beyond decimal's range or scale
            }
        }

        private void WriteTags(ReadOnlySpan<byte> bytes)
        {
            var count = bytes.Length / 4;
            if (count == 0)
            {
                return;
            }

            writer.WriteStartArray("Value");
            for (var i = 0; i < count; i++)
            {
                var at = bytes.Slice(i * 4, 4);
                var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(at), BinaryPrimitives.ReadUInt16LittleEndian(at[2..]));
                writer.WriteStringValue(TagName(tag));
            }

            writer.WriteEndArray();
        }

        /// <summary>Writes the values of a binary numeric VR; trailing bytes short of a whole value are ignored.</summary>
        private void WriteNumbers(ReadOnlySpan<byte> bytes, DicomVR vr)
        {
            var size = vr.UnitSize;
            var count = bytes.Length / size;
            if (count == 0)
            {
                return;
            }

            var asStrings = (vr == DicomVR.UV || vr == DicomVR.SV) && !AllSafeIntegers(bytes[..(count * size)], vr);
            writer.WriteStartArray("Value");
            for (var i = 0; i < count; i++)
            {
                var at = bytes.Slice(i * size, size);
                switch (vr.Code)
                {
                    case "US": writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(at)); break;
                    case "SS": writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(at)); break;
                    case "UL": writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(at)); break;
                    case "SL": writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(at)); break;
                    case "UV": WriteInteger(BinaryPrimitives.ReadUInt64LittleEndian(at), asStrings); break;
                    case "SV": WriteInteger(BinaryPrimitives.ReadInt64LittleEndian(at), asStrings); break;
                    case "FL": WriteFloat(BinaryPrimitives.ReadSingleLittleEndian(at)); break;
                    default: WriteFloat(BinaryPrimitives.ReadDoubleLittleEndian(at)); break;
                }
            }

            writer.WriteEndArray();
        }

        private static bool AllSafeIntegers(ReadOnlySpan<byte> bytes, DicomVR vr)
        {
            for (var at = 0; at < bytes.Length; at += 8)
            {
                var safe = vr == DicomVR.UV
                    ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]) <= MaxSafeInteger
                    : BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]) is >= -MaxSafeInteger and <= MaxSafeInteger;
                if (!safe)
                {
                    return false;
                }
            }

            return true;
        }

        private void WriteInteger<T>(T value, bool asString)
            where T : System.Numerics.IBinaryInteger<T>
        {
            if (asString)
            {
                writer.WriteStringValue(value.ToString(null, CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNumberValue(long.CreateChecked(value));
            }
        }

        private void WriteFloat(float value)
        {
            if (float.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                WriteNonFinite(value);
            }
        }

        private void WriteFloat(double value)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                WriteNonFinite(value);
            }
        }

        private void WriteNonFinite(double value) =>
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
