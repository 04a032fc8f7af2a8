using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// Specific Character Set decoding and encoding. The byte listings are those printed in PS3.5 Annexes H to K (in hex),
/// or come from the ISO 8859 / TIS 620 code tables (the names of David Clunie's character set test files), never
/// from this implementation.
/// </summary>
public class DicomCharacterSetTests
{
    // PS3.5 Example H.3-1.
    private const string JapaneseH31 =
        "59 61 6D 61 64 61 5E 54 61 72 6F 75 3D 1B 24 42 3B 33 45 44 1B 28 42 5E 1B 24 42 42 40 4F 3A 1B 28 42 3D "
        + "1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42";

    // PS3.5 Example H.3-2.
    private const string JapaneseH32 =
        "D4 CF C0 DE 5E C0 DB B3 3D 1B 24 42 3B 33 45 44 1B 28 4A 5E 1B 24 42 42 40 4F 3A 1B 28 4A 3D "
        + "1B 24 42 24 64 24 5E 24 40 1B 28 4A 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 4A";

    // PS3.5 Example I.2-1.
    private const string KoreanI2 =
        "48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D 1B 24 29 43 FB F3 5E 1B 24 29 43 D1 CE D4 D7 3D "
        + "1B 24 29 43 C8 AB 5E 1B 24 29 43 B1 E6 B5 BF";

    // PS3.5 Example J.1-1 (UTF-8).
    private const string ChineseJ1 = "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D E7 8E 8B 5E E5 B0 8F E6 9D B1 3D";

    // PS3.5 Example J.3-1 (GB18030).
    private const string ChineseJ3 = "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D CD F5 5E D0 A1 B6 AB 3D";

    // PS3.5 Example K.2-1 (GB2312 in G1), ending in the example's own space pad.
    private const string ChineseK2 =
        "5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41 D0 A1 B6 AB 3D 20";

    [Fact]
    public void Default_IsAsciiWithTheEmptyTermList()
    {
        var set = DicomCharacterSet.Default;

        set.Terms.Should().BeEmpty();
        set.IsUtf8.Should().BeFalse();
        set.Decode("Doe^John"u8, DicomVR.PN).Should().Be("Doe^John");
        DicomCharacterSet.FromSpecificCharacterSet([]).Should().BeSameAs(set);
    }

    [Fact]
    public void Default_ReadsBytesAbove7FAsLatin1()
    {
        DicomCharacterSet.Default.Decode(Hex("42 75 63 5E 4A E9 72 F4 6D 65"), DicomVR.PN).Should().Be("Buc^Jérôme");
        DicomCharacterSet.Default.Decode(Hex("80 9F A0 FF"), DicomVR.LO).Should().Be("\u0080\u009F\u00A0\u00FF");
    }

    [Fact]
    public void Default_EncodesAsciiOnly()
    {
        DicomCharacterSet.Default.TryEncode("Doe^John\\Roe", DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal("Doe^John\\Roe"u8.ToArray());

        DicomCharacterSet.Default.TryEncode("Jérôme", DicomVR.PN, out bytes).Should().BeFalse();
        bytes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("ISO_IR 6")]
    [InlineData("ISO 2022 IR 6")]
    [InlineData("ISO_IR 999")]
    [InlineData("NOT A CHARSET")]
    public void FirstTermEmptyDefaultOrUnknown_BehavesAsDefault(string term)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet([term]);

        set.Terms.Should().Equal(term);
        set.Decode(Hex("41 42 E9"), DicomVR.LO).Should().Be("ABé");
        set.TryEncode("AB", DicomVR.LO, out var bytes).Should().BeTrue();
        bytes.Should().Equal(Hex("41 42"));
        set.TryEncode("é", DicomVR.LO, out _).Should().BeFalse();
    }

    [Fact]
    public void UnknownLaterTerm_IsIgnored()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 146"]);

        set.Decode(Hex("42 75 63 5E 4A E9 72 F4 6D 65"), DicomVR.PN).Should().Be("Buc^Jérôme");
    }

    [Fact]
    public void FromSpecificCharacterSet_CachesPerDistinctList()
    {
        var a = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 100"]);
        var b = DicomCharacterSet.FromSpecificCharacterSet(new List<string> { "ISO_IR 100" });
        var c = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        b.Should().BeSameAs(a);
        c.Should().NotBeSameAs(a);
        DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]).Should().BeSameAs(c);
    }

    [Fact]
    public void FromSpecificCharacterSet_IsThreadSafe()
    {
        var results = new DicomCharacterSet[64];
        Parallel.For(0, results.Length, i =>
            results[i] = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"]));

        results.Should().AllSatisfy(r => r.Should().BeSameAs(results[0]));
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("ISO IR 100")]
    [InlineData(" iso_ir 100 ")]
    [InlineData("ISO_IR_100")]
    public void MisspelledSingleByteTerms_AreRecognised(string term)
    {
        DicomCharacterSet.FromSpecificCharacterSet([term])
            .Decode(Hex("42 75 63 5E 4A E9 72 F4 6D 65"), DicomVR.PN).Should().Be("Buc^Jérôme");
    }

    [Theory]
    [InlineData("ISO_IR 100", "Buc^Jérôme", "42 75 63 5E 4A E9 72 F4 6D 65")]
    [InlineData("ISO_IR 100", "Äneas^Rüdiger", "C4 6E 65 61 73 5E 52 FC 64 69 67 65 72")]
    [InlineData("ISO_IR 101", "Wałęsa", "57 61 B3 EA 73 61")]
    [InlineData("ISO_IR 109", "antaŭnomo", "61 6E 74 61 FD 6E 6F 6D 6F")]
    [InlineData("ISO_IR 110", "vārds", "76 E0 72 64 73")]
    [InlineData("ISO_IR 144", "Люкceмбypг", "BB EE DA 63 65 DC D1 79 70 D3")]
    [InlineData("ISO_IR 127", "قباني^لنزار", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1")]
    [InlineData("ISO_IR 126", "Διονυσιος", "C4 E9 EF ED F5 F3 E9 EF F2")]
    [InlineData("ISO_IR 138", "שרון^דבורה", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4")]
    [InlineData("ISO_IR 148", "Çavuşoğlu", "C7 61 76 75 FE 6F F0 6C 75")]
    [InlineData("ISO_IR 203", "€uro Œuvre", "A4 75 72 6F 20 BC 75 76 72 65")]
    [InlineData("ISO_IR 166", "นามสกุล", "B9 D2 C1 CA A1 D8 C5")]
    [InlineData("ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "D4 CF C0 DE 5E C0 DB B3")]
    public void SingleByteSets_DecodeAndEncode(string term, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet([term]);

        set.Decode(Hex(hex), DicomVR.PN).Should().Be(text);
        set.TryEncode(text, DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal(Hex(hex));
    }

    [Theory]
    [InlineData("ISO_IR 100", "Łódź")]
    [InlineData("ISO_IR 144", "Jérôme")]
    [InlineData("ISO_IR 126", "Люк")]
    [InlineData("ISO_IR 13", "山田")]
    [InlineData("ISO_IR 166", "中文")]
    public void SingleByteSets_RefuseCharactersOutsideTheRepertoire(string term, string text)
    {
        DicomCharacterSet.FromSpecificCharacterSet([term]).TryEncode(text, DicomVR.LO, out var bytes).Should().BeFalse();
        bytes.Should().BeEmpty();
    }

    [Fact]
    public void SingleByteSet_UndefinedByteBecomesReplacementCharacter()
    {
        // 0xAE is not assigned in ISO 8859-7 (Greek), 0xDB not in TIS 620 (Thai).
        DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 126"]).Decode(Hex("41 AE"), DicomVR.LO).Should().Be("A\uFFFD");
        DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 166"]).Decode(Hex("41 DB"), DicomVR.LO).Should().Be("A\uFFFD");
    }

    [Theory]
    [InlineData("ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "1B 29 49 D4 CF C0 DE 5E 1B 29 49 C0 DB B3")]
    [InlineData("ISO 2022 IR 100", "Buc^Jérôme", "1B 2D 41 42 75 63 5E 1B 2D 41 4A E9 72 F4 6D 65")]
    [InlineData("ISO 2022 IR 101", "Wałęsa", "1B 2D 42 57 61 B3 EA 73 61")]
    [InlineData("ISO 2022 IR 109", "antaŭnomo", "1B 2D 43 61 6E 74 61 FD 6E 6F 6D 6F")]
    [InlineData("ISO 2022 IR 110", "vārds", "1B 2D 44 76 E0 72 64 73")]
    [InlineData("ISO 2022 IR 127", "قباني^لنزار", "1B 2D 47 E2 C8 C7 E6 EA 5E 1B 2D 47 E4 E6 D2 C7 D1")]
    [InlineData("ISO 2022 IR 126", "Διονυσιος", "1B 2D 46 C4 E9 EF ED F5 F3 E9 EF F2")]
    [InlineData("ISO 2022 IR 138", "שרון^דבורה", "1B 2D 48 F9 F8 E5 EF 5E 1B 2D 48 E3 E1 E5 F8 E4")]
    [InlineData("ISO 2022 IR 144", "Люкceмбypг", "1B 2D 4C BB EE DA 63 65 DC D1 79 70 D3")]
    [InlineData("ISO 2022 IR 148", "Çavuşoğlu", "1B 2D 4D C7 61 76 75 FE 6F F0 6C 75")]
    [InlineData("ISO 2022 IR 166", "นามสกุล", "1B 2D 54 B9 D2 C1 CA A1 D8 C5")]
    public void SingleByteCodeExtensions_AfterAnEmptyValue1_Decode(string term, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", term]);

        set.Decode([.. "ASCII+"u8, .. Hex(hex)], DicomVR.PN).Should().Be("ASCII+" + text);
    }

    [Theory]
    [InlineData("ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "1B 29 49 D4 CF C0 DE 5E 1B 29 49 C0 DB B3")]
    [InlineData("ISO 2022 IR 127", "قباني^لنزار", "1B 2D 47 E2 C8 C7 E6 EA 5E 1B 2D 47 E4 E6 D2 C7 D1")]
    [InlineData("ISO 2022 IR 138", "שרון^דבורה", "1B 2D 48 F9 F8 E5 EF 5E 1B 2D 48 E3 E1 E5 F8 E4")]
    [InlineData("ISO 2022 IR 144", "Люкceмбypг", "1B 2D 4C BB EE DA 63 65 DC D1 79 70 D3")]
    public void SingleByteCodeExtensions_AfterAnEmptyValue1_Encode(string term, string text, string hex)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", term]);

        set.TryEncode("ASCII+" + text, DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal([.. "ASCII+"u8, .. Hex(hex)]);
    }

    [Fact]
    public void CodeExtension_G1IsDroppedAtPersonNameDelimiter()
    {
        // The escape after "^" is missing: G1 is undefined again, so the rest reads as Latin-1.
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 13"]);

        set.Decode(Hex("41 2B 1B 29 49 D4 CF C0 DE 5E C0 DB B3"), DicomVR.PN).Should().Be("A+ﾔﾏﾀﾞ^ÀÛ³");
    }

    [Fact]
    public void CodeExtension_Value1IsUsedWithoutEscape()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 144"]);

        set.Decode(Hex("42 75 63 5E 4A E9 72 F4 6D 65"), DicomVR.PN).Should().Be("Buc^Jérôme");
        set.Decode(Hex("52 F6 6E 74 67 65 6E"), DicomVR.LO).Should().Be("Röntgen");
    }

    [Fact]
    public void CodeExtension_MultipleValuesWithDifferentSets()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"]);
        var encoded = Hex(
            "42 75 63 5E 4A E9 72 F4 6D 65 5C 1B 2D 46 C4 E9 EF ED F5 F3 E9 EF F2 5C "
            + "1B 2D 4C BB EE DA 63 65 DC D1 79 70 D3");

        set.Decode(encoded, DicomVR.PN).Should().Be("Buc^Jérôme\\Διονυσιος\\Люкceмбypг");
        set.Decode(encoded, DicomVR.LO).Should().Be("Buc^Jérôme\\Διονυσιος\\Люкceмбypг");
    }

    [Fact]
    public void CodeExtension_BackslashResetsOnlyForMultiValuedVRs()
    {
        // Greek designated, then a backslash, then 0xE9: LO goes back to value 1 (Latin-1), LT stays Greek.
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 126"]);
        var encoded = Hex("1B 2D 46 C4 5C E9");

        set.Decode(encoded, DicomVR.LO).Should().Be("Δ\\é");
        set.Decode(encoded, DicomVR.LT).Should().Be("Δ\\ι");
    }

    [Fact]
    public void CodeExtension_EncodesWithEscapesAndReadsBack()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"]);
        const string text = "Buc^Jérôme\\Διονυσιος\\Люкceмбypг";

        set.TryEncode(text, DicomVR.PN, out var bytes).Should().BeTrue();

        set.Decode(bytes, DicomVR.PN).Should().Be(text);
        bytes.Should().StartWith(Hex("42 75 63 5E 4A E9 72 F4 6D 65 5C 1B 2D 46 C4 E9 EF ED F5 F3 E9 EF F2"));
    }

    [Fact]
    public void CodeExtension_RefusesCharacterInNoNamedSet()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 126"]);

        set.TryEncode("Люк", DicomVR.PN, out var bytes).Should().BeFalse();
        bytes.Should().BeEmpty();
    }

    [Fact]
    public void JapaneseH31_Decodes()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        set.Decode(Hex(JapaneseH31), DicomVR.PN).Should().Be("Yamada^Tarou=山田^太郎=やまだ^たろう");
    }

    [Fact]
    public void JapaneseH31_EncodesAsTheStandardShows()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        set.TryEncode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN, out var bytes).Should().BeTrue();

        bytes.Should().Equal(Hex(JapaneseH31));
    }

    [Fact]
    public void JapaneseH32_Decodes()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        set.Decode(Hex(JapaneseH32), DicomVR.PN).Should().Be("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
    }

    [Fact]
    public void JapaneseH32_EncodesAsTheStandardShows()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        set.TryEncode("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DicomVR.PN, out var bytes).Should().BeTrue();

        bytes.Should().Equal(Hex(JapaneseH32));
    }

    [Fact]
    public void JapaneseJisX0212_DecodesAndEncodes()
    {
        // 鷗 is JIS X 0212 0x6C3F; the rest is JIS X 0208 (森 0x3F39, 外 0x3330, もり, おうがい).
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159"]);
        var encoded = Hex(
            "4D 6F 72 69 5E 4F 67 61 69 3D 1B 24 42 3F 39 1B 28 42 5E 1B 24 28 44 6C 3F 1B 24 42 33 30 1B 28 42 3D "
            + "1B 24 42 24 62 24 6A 1B 28 42 5E 1B 24 42 24 2A 24 26 24 2C 24 24 1B 28 42");

        set.Decode(encoded, DicomVR.PN).Should().Be("Mori^Ogai=森^鷗外=もり^おうがい");
        set.TryEncode("Mori^Ogai=森^鷗外=もり^おうがい", DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal(encoded);
    }

    [Fact]
    public void Japanese_ControlCharacterResetsToValue1()
    {
        // JIS X 0208 left designated before CR LF: the next line starts in ASCII again.
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        set.Decode(Hex("1B 24 42 3B 33 0D 0A 41 42"), DicomVR.LT).Should().Be("山\r\nAB");
    }

    [Fact]
    public void Japanese_TextWithLineBreaksEncodesEscapesBeforeEachControlCharacter()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        set.TryEncode("山\r\nA", DicomVR.LT, out var bytes).Should().BeTrue();

        bytes.Should().Equal(Hex("1B 24 42 3B 33 1B 28 42 0D 0A 41"));
    }

    [Fact]
    public void KoreanI2_Decodes()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);

        set.Decode(Hex(KoreanI2), DicomVR.PN).Should().Be("Hong^Gildong=洪^吉洞=홍^길동");
    }

    [Fact]
    public void KoreanI2_EncodesAsTheStandardShows()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);

        set.TryEncode("Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN, out var bytes).Should().BeTrue();

        bytes.Should().Equal(Hex(KoreanI2));
    }

    [Fact]
    public void KoreanI3_LongTextDesignatesAgainOnEachLine()
    {
        // PS3.5 Example I.3-1: 한글 is C7D1 B1DB in KS X 1001.
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);
        var encoded = Concat(
            "1B 24 29 43",
            "The first line includes ",
            "C7 D1 B1 DB",
            ".\r\n",
            "1B 24 29 43",
            "The second line includes ",
            "C7 D1 B1 DB",
            ", too.\r\nThe third line");

        set.Decode(encoded, DicomVR.LT)
            .Should().Be("The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line");
    }

    [Fact]
    public void Korean_MissingDesignationAfterLineBreakIsNotReadAsHangul()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);

        set.Decode(Hex("1B 24 29 43 C7 D1 0D 0A C7 D1"), DicomVR.LT).Should().Be("한\r\nÇÑ");
    }

    [Fact]
    public void Korean_SingleValuedIsoIr149WithoutEscapes_IsReadAsKsX1001()
    {
        DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 149"])
            .Decode(Hex("C8 AB 5E B1 E6 B5 BF"), DicomVR.PN).Should().Be("홍^길동");
    }

    [Fact]
    public void ChineseJ1_Utf8()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);

        set.IsUtf8.Should().BeTrue();
        set.Decode(Hex(ChineseJ1), DicomVR.PN).Should().Be("Wang^XiaoDong=王^小東=");
        set.TryEncode("Wang^XiaoDong=王^小東=", DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal(Hex(ChineseJ1));
    }

    [Fact]
    public void ChineseJ2_Utf8LongText()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);
        var encoded = Concat(
            "The first line includes", "E4 B8 AD E6 96 87", ".\r\nThe second line includes", "E4 B8 AD E6 96 87", ", too.\r\nThe third line.\r\n");

        set.Decode(encoded, DicomVR.LT)
            .Should().Be("The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n");
    }

    [Fact]
    public void Utf8_IgnoresFurtherTermsAndEscapeSequences()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192", "ISO 2022 IR 100"]);

        set.IsUtf8.Should().BeTrue();
        set.Decode(Hex("42 75 63 5E 4A C3 A9 72 C3 B4 6D 65"), DicomVR.PN).Should().Be("Buc^Jérôme");
        set.Decode(Hex("1B 24 42"), DicomVR.LO).Should().Be("\u001B$B");
    }

    [Fact]
    public void Utf8_InvalidBytesBecomeReplacementCharacters()
    {
        DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"])
            .Decode(Hex("C4 E9 EF"), DicomVR.PN).Should().Be("\uFFFD\uFFFD\uFFFD");
    }

    [Fact]
    public void Utf8_RefusesLoneSurrogate()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);

        set.TryEncode("A\uD800B", DicomVR.LO, out var bytes).Should().BeFalse();
        bytes.Should().BeEmpty();
        set.TryEncode("😀", DicomVR.LO, out bytes).Should().BeTrue();
        bytes.Should().Equal(Hex("F0 9F 98 80"));
    }

    [Theory]
    [InlineData("GB18030")]
    [InlineData("GBK")]
    public void ChineseJ3_Gb18030AndGbk(string term)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet([term]);

        set.IsUtf8.Should().BeFalse();
        set.Decode(Hex(ChineseJ3), DicomVR.PN).Should().Be("Wang^XiaoDong=王^小东=");
        set.TryEncode("Wang^XiaoDong=王^小东=", DicomVR.PN, out var bytes).Should().BeTrue();
        bytes.Should().Equal(Hex(ChineseJ3));
    }

    [Theory]
    [InlineData("GB18030")]
    [InlineData("GBK")]
    public void ChineseJ4_Gb18030LongText(string term)
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet([term]);
        var encoded = Concat(
            "The first line includes", "D6 D0 CE C4", ".\r\nThe second line includes", "D6 D0 CE C4", ", too.\r\nThe third line.\r\n");

        set.Decode(encoded, DicomVR.LT)
            .Should().Be("The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n");
    }

    [Fact]
    public void Gb18030_EncodesOutsideTheBmpAndGbkDoesNot()
    {
        var gb18030 = DicomCharacterSet.FromSpecificCharacterSet(["GB18030"]);
        gb18030.TryEncode("😀", DicomVR.LO, out var bytes).Should().BeTrue();
        gb18030.Decode(bytes, DicomVR.LO).Should().Be("😀");

        DicomCharacterSet.FromSpecificCharacterSet(["GBK"]).TryEncode("😀", DicomVR.LO, out _).Should().BeFalse();
    }

    [Fact]
    public void ChineseK2_Decodes()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 58"]);

        set.Decode(Hex(ChineseK2), DicomVR.PN).Should().Be("Zhang^XiaoDong=张^小东= ");
    }

    [Fact]
    public void ChineseK2_EncodesAsTheStandardShows()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 58"]);

        set.TryEncode("Zhang^XiaoDong=张^小东=", DicomVR.PN, out var bytes).Should().BeTrue();

        // The standard's listing ends with the pad byte, which is the writer's business.
        bytes.Should().Equal(Hex(ChineseK2)[..^1]);
    }

    [Fact]
    public void ChineseK3_LongTextWithGb2312()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 58"]);
        var encoded = Hex(
            "31 2E 1B 24 29 41 B5 DA D2 BB D0 D0 CE C4 D7 D6 A1 A3 0D 0A "
            + "32 2E 1B 24 29 41 B5 DA B6 FE D0 D0 CE C4 D7 D6 A1 A3 0D 0A "
            + "33 2E 1B 24 29 41 B5 DA C8 FD D0 D0 CE C4 D7 D6 A1 A3 0D 0A");

        set.Decode(encoded, DicomVR.LT).Should().Be("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n");
        set.TryEncode("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", DicomVR.LT, out var bytes).Should().BeTrue();
        bytes.Should().Equal(encoded);
    }

    [Fact]
    public void Japanese_RefusesHangulNotInJisX0208()
    {
        DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]).TryEncode("홍", DicomVR.PN, out _).Should().BeFalse();
    }

    [Fact]
    public void SingleValuedIsoIr13_ReadsMislabelledShiftJis()
    {
        // 山田 in Shift_JIS (8E52 9363) under "ISO_IR 13": read rather than lost.
        DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 13"]).Decode(Hex("8E 52 93 63"), DicomVR.PN).Should().Be("山田");
    }

    [Fact]
    public void UnknownEscapeSequence_IsKeptAsText()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 100"]);

        set.Decode(Hex("41 1B 28 5A 42"), DicomVR.LO).Should().Be("A\u001B(ZB");
        set.Decode(Hex("41 1B"), DicomVR.LO).Should().Be("A\u001B");
        set.Decode(Hex("41 1B 24"), DicomVR.LO).Should().Be("A\u001B$");
    }

    [Fact]
    public void TruncatedDoubleByteCharacter_BecomesReplacementCharacter()
    {
        var set = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

        set.Decode(Hex("1B 24 42 3B 33 45"), DicomVR.PN).Should().Be("山\uFFFD");
        DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"])
            .Decode(Hex("1B 24 29 43 C8 AB C8"), DicomVR.PN).Should().Be("홍\uFFFD");
    }

    [Fact]
    public void GarbageBytes_NeverThrow()
    {
        string[][] termLists =
        [
            [],
            ["ISO_IR 100"],
            ["ISO_IR 13"],
            ["ISO_IR 166"],
            ["ISO_IR 192"],
            ["GB18030"],
            ["GBK"],
            ["ISO 2022 IR 149"],
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"],
            ["ISO 2022 IR 13", "ISO 2022 IR 87"],
            ["", "ISO 2022 IR 149"],
            ["", "ISO 2022 IR 58"],
            ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144", "ISO 2022 IR 166"],
            ["bogus", "ISO 2022 IR 87"],
        ];
        DicomVR[] vrs = [DicomVR.PN, DicomVR.LO, DicomVR.LT, DicomVR.UT];
        var random = new Random(20240605);
        List<byte[]> buffers = [[], [0x1B], [0x1B, 0x24], [0x1B, 0x24, 0x28], [0xFF, 0xFE, 0x00, 0x1B]];
        for (var i = 0; i < 300; i++)
        {
            var buffer = new byte[random.Next(1, 64)];
            random.NextBytes(buffer);
            for (var j = 0; j < buffer.Length; j += random.Next(3, 9))
            {
                buffer[j] = 0x1B; // Escapes, to drive the ISO 2022 decoder through its states.
            }

            buffers.Add(buffer);
        }

        foreach (var terms in termLists)
        {
            var set = DicomCharacterSet.FromSpecificCharacterSet(terms);
            foreach (var vr in vrs)
            {
                foreach (var buffer in buffers)
                {
                    var act = () => set.Decode(buffer, vr);
                    act.Should().NotThrow();
                }
            }
        }
    }

    [Fact]
    public void RandomText_TryEncodeNeverThrowsAndRoundTripsWhenItSucceeds()
    {
        string[][] termLists =
        [
            [],
            ["ISO_IR 100"],
            ["ISO_IR 192"],
            ["GB18030"],
            ["GBK"],
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"],
            ["ISO 2022 IR 13", "ISO 2022 IR 87"],
            ["", "ISO 2022 IR 149"],
            ["", "ISO 2022 IR 58"],
            ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144"],
        ];
        const string alphabet = "Ab ^=\\\r\néΔЛ山田やｱ홍张\uD800😀";
        var random = new Random(7);
        foreach (var terms in termLists)
        {
            var set = DicomCharacterSet.FromSpecificCharacterSet(terms);
            var encoded = 0;
            for (var i = 0; i < 200; i++)
            {
                var text = new StringBuilder();
                for (var n = random.Next(0, 12); n > 0; n--)
                {
                    text.Append(alphabet[random.Next(alphabet.Length)]);
                }

                foreach (var vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.LT })
                {
                    if (set.TryEncode(text.ToString(), vr, out var bytes))
                    {
                        encoded++;
                        set.Decode(bytes, vr).Should().Be(text.ToString(), "terms {0}", string.Join('\\', terms));
                    }
                }
            }

            encoded.Should().BeGreaterThan(10, "terms {0}", string.Join('\\', terms));
        }
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Joins pieces that are either hex listings or, when they contain a non-hex letter, ASCII text.</summary>
    private static byte[] Concat(params string[] pieces)
    {
        var bytes = new List<byte>();
        foreach (var piece in pieces)
        {
            var isHex = piece.Replace(" ", string.Empty, StringComparison.Ordinal) is { Length: > 0 } compact
                && compact.Length % 2 == 0
                && compact.All(Uri.IsHexDigit)
                && piece.Contains(' ', StringComparison.Ordinal);
            bytes.AddRange(isHex ? Hex(piece) : Encoding.ASCII.GetBytes(piece));
        }

        return [.. bytes];
    }
}
