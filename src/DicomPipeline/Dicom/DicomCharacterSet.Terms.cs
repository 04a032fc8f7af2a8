using System.Collections.Frozen;

namespace DicomPipeline.Dicom;

/// <summary>
/// The data of the character sets: which Defined Term of Specific Character Set (0008,0005) names which graphic sets,
/// and the escape sequences that designate each set. The facts are those of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5:
/// the Defined Terms, their ISO-IR numbers, code elements and escape sequences) and PS3.5 section 6.1 (the code
/// extension rules, and the Japanese escape sequences of Annex H). The code page numbers are .NET's, used to build the
/// byte-to-character tables.
/// </summary>
internal sealed partial class DicomCharacterSet
{
    /// <summary>What one defined term contributes: its scheme and, for ISO 2022, its G0 and G1 sets.</summary>
    private sealed record TermDefinition(Scheme Scheme, CodeElement? G0, CodeElement? G1);

    /// <summary>One row of the term table: the term without code extensions, the term with them, and what both name.</summary>
    private sealed record TermRow(string? WithoutExtensions, string? WithExtensions, Scheme Scheme, CodeElement? G0, CodeElement? G1);

    /// <summary>The graphic character sets (code elements) and the bytes after ESC that designate them.</summary>
    private static class CodeElements
    {
        // Set                                                  .NET code page   G0 designation     G1 designation
        public static readonly CodeElement Ascii = new AsciiElement(/* ISO-IR 6 */                    "(B"u8.ToArray());
        public static readonly CodeElement Romaji = new AsciiElement(/* ISO-IR 14, JIS X 0201 */      "(J"u8.ToArray());
        public static readonly CodeElement Katakana = new KatakanaElement(/* ISO-IR 13, JIS X 0201 */ "(I"u8.ToArray(),  ")I"u8.ToArray());
        public static readonly CodeElement JisX0208 = new DoubleByteElement(20932, false, /* IR 87 */  "$B"u8.ToArray(),  "$)B"u8.ToArray());
        public static readonly CodeElement JisX0212 = new DoubleByteElement(20932, true, /* IR 159 */  "$(D"u8.ToArray(), "$)D"u8.ToArray());
        public static readonly CodeElement KsX1001 = new DoubleByteElement(51949, false, /* IR 149 */  "$(C"u8.ToArray(), "$)C"u8.ToArray());
        public static readonly CodeElement Gb2312 = new DoubleByteElement(936, false, /* IR 58 */      "$(A"u8.ToArray(), "$)A"u8.ToArray());

        // The 96-character sets in G1, designated by ESC 02/13 and the final byte.    .NET code page   final byte
        public static readonly SingleByteElement Latin1 = new(/* ISO-IR 100, ISO 8859-1 */           28591, 'A');
        public static readonly SingleByteElement Latin2 = new(/* ISO-IR 101, ISO 8859-2 */           28592, 'B');
        public static readonly SingleByteElement Latin3 = new(/* ISO-IR 109, ISO 8859-3 */           28593, 'C');
        public static readonly SingleByteElement Latin4 = new(/* ISO-IR 110, ISO 8859-4 */           28594, 'D');
        public static readonly SingleByteElement Cyrillic = new(/* ISO-IR 144, ISO 8859-5 */         28595, 'L');
        public static readonly SingleByteElement Arabic = new(/* ISO-IR 127, ISO 8859-6 */           28596, 'G');
        public static readonly SingleByteElement Greek = new(/* ISO-IR 126, ISO 8859-7 */            28597, 'F');
        public static readonly SingleByteElement Hebrew = new(/* ISO-IR 138, ISO 8859-8 */           28598, 'H');
        public static readonly SingleByteElement Latin5 = new(/* ISO-IR 148, ISO 8859-9 */           28599, 'M');
        public static readonly SingleByteElement Latin9 = new(/* ISO-IR 203, ISO 8859-15 */          28605, 'b');
        public static readonly SingleByteElement Thai = new(/* ISO-IR 166, TIS 620-2533 */           874, 'T');

        /// <summary>Escape sequences read but never written: JIS C 6226-1978, the long forms of the G0 designations, GB 2312 in G0.</summary>
        public static readonly (byte[] Sequence, Designation Designation)[] ReadOnlyVariants =
        [
            ("$@"u8.ToArray(), new(JisX0208, false)),
            ("$(B"u8.ToArray(), new(JisX0208, false)),
            ("$(@"u8.ToArray(), new(JisX0208, false)),
            ("$A"u8.ToArray(), new(Gb2312, false)),
        ];

        /// <summary>Every set, for the escape sequences recognised when reading.</summary>
        public static readonly CodeElement[] All =
            [Ascii, Romaji, Katakana, JisX0208, JisX0212, KsX1001, Gb2312, Latin1, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5, Latin9, Thai];

        /// <summary>Every escape sequence recognised when reading (the bytes after ESC), with the variants above.</summary>
        public static readonly (byte[] Sequence, Designation Designation)[] EscapeSequences = CreateEscapeSequences();

        private static (byte[], Designation)[] CreateEscapeSequences()
        {
            var list = new List<(byte[], Designation)>();
            foreach (var element in All)
            {
                if (element.G0Escape is not null)
                {
                    list.Add((element.G0Escape, new(element, false)));
                }

                if (element.G1Escape is not null)
                {
                    list.Add((element.G1Escape, new(element, true)));
                }
            }

            list.AddRange(ReadOnlyVariants);
            return [.. list];
        }
    }

    /// <summary>The Defined Terms of Specific Character Set (0008,0005) and the sets each names.</summary>
    private static class DefinedTerms
    {
        /// <summary>The default repertoire (no value, or an unknown one): ISO-IR 6 in G0, nothing in G1.</summary>
        public static readonly TermDefinition Default = new(Scheme.Iso2022, CodeElements.Ascii, null);

        /// <summary>PS3.3 Tables C.12-2 (single-byte, no extensions), C.12-3 (single-byte, with), C.12-4 (multi-byte, with), C.12-5 (multi-byte, without).</summary>
        private static readonly TermRow[] Rows =
        [
            // Without code extensions  With code extensions   Scheme           G0                     G1
            new(string.Empty,           null,                  Scheme.Iso2022,  CodeElements.Ascii,    null),
            new("ISO_IR 6",             "ISO 2022 IR 6",       Scheme.Iso2022,  CodeElements.Ascii,    null), // "ISO_IR 6" is no Defined Term, but occurs
            new("ISO_IR 100",           "ISO 2022 IR 100",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin1),
            new("ISO_IR 101",           "ISO 2022 IR 101",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin2),
            new("ISO_IR 109",           "ISO 2022 IR 109",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin3),
            new("ISO_IR 110",           "ISO 2022 IR 110",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin4),
            new("ISO_IR 144",           "ISO 2022 IR 144",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Cyrillic),
            new("ISO_IR 127",           "ISO 2022 IR 127",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Arabic),
            new("ISO_IR 126",           "ISO 2022 IR 126",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Greek),
            new("ISO_IR 138",           "ISO 2022 IR 138",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Hebrew),
            new("ISO_IR 148",           "ISO 2022 IR 148",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin5),
            new("ISO_IR 203",           "ISO 2022 IR 203",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Latin9),
            new("ISO_IR 166",           "ISO 2022 IR 166",     Scheme.Iso2022,  CodeElements.Ascii,    CodeElements.Thai),
            new("ISO_IR 13",            "ISO 2022 IR 13",      Scheme.Iso2022,  CodeElements.Romaji,   CodeElements.Katakana),
            new(null,                   "ISO 2022 IR 87",      Scheme.Iso2022,  CodeElements.JisX0208, null),
            new(null,                   "ISO 2022 IR 159",     Scheme.Iso2022,  CodeElements.JisX0212, null),
            new(null,                   "ISO 2022 IR 149",     Scheme.Iso2022,  null,                  CodeElements.KsX1001),
            new(null,                   "ISO 2022 IR 58",      Scheme.Iso2022,  null,                  CodeElements.Gb2312),
            new("ISO_IR 192",           null,                  Scheme.Utf8,     null,                  null),
            new("GB18030",              null,                  Scheme.Gb18030,  null,                  null),
            new("GBK",                  null,                  Scheme.Gbk,      null,                  null),
        ];

        /// <summary>Each term (either form) to what it names.</summary>
        public static readonly FrozenDictionary<string, TermDefinition> ByName = CreateByName();

        private static FrozenDictionary<string, TermDefinition> CreateByName()
        {
            var byName = new Dictionary<string, TermDefinition>(StringComparer.Ordinal);
            foreach (var row in Rows)
            {
                var definition = row.Scheme == Default.Scheme && row.G0 == Default.G0 && row.G1 is null
                    ? Default
                    : new TermDefinition(row.Scheme, row.G0, row.G1);
                foreach (var term in (ReadOnlySpan<string?>)[row.WithoutExtensions, row.WithExtensions])
                {
                    if (term is not null)
                    {
                        byName.Add(term, definition);
                    }
                }
            }

            return byName.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}
