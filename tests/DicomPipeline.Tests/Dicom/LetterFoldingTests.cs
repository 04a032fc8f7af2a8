using System.Globalization;
using System.Text;
using DicomPipeline.Anonymization.Sweep;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// The generated table of letters' decompositions is what ICU says (this test process has ICU; the native console
/// does not, which is why the library no longer asks string.Normalize), and the sweep folds with it.
/// </summary>
public sealed class LetterFoldingTests
{
    [Fact]
    public void Decompose_EveryLetterOfThePlane_IsIcusDecompositionWithoutMarks()
    {
        "\u00DC".Normalize(NormalizationForm.FormKD).Should().HaveLength(2, "this comparison needs ICU in the test process");
        var checkedLetters = 0;
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            var c = (char)code;
            if (char.IsSurrogate(c) || code is >= 0xAC00 and <= 0xD7A3 || !char.IsLetterOrDigit(c))
            {
                continue;
            }

            var expected = new string([.. c.ToString().Normalize(NormalizationForm.FormKD).Where(d => CharUnicodeInfo.GetUnicodeCategory(d)
                is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))]);
            if (expected.Length == 0 || expected.Any(char.IsSurrogate))
            {
                expected = c.ToString();
            }

            LetterFolding.Decompose(c).Should().Be(expected, $"U+{code:X4}");
            checkedLetters++;
        }

        checkedLetters.Should().BeGreaterThan(30_000);
        LetterFolding.Count.Should().BeGreaterThan(2_000);
    }

    [Theory]
    [InlineData('Ü', "U")]
    [InlineData('é', "e")]
    [InlineData('Ａ', "A")]
    [InlineData('ﬁ', "fi")]
    [InlineData('a', "a")]
    [InlineData('殆', "殆")]
    public void Decompose_KnownLetters(char letter, string expected) => LetterFolding.Decompose(letter).Should().Be(expected);

    [Fact]
    public void FoldedText_NameWithAndWithoutAccents_FoldAlike()
    {
        var folded = new FoldedText();

        var withAccents = folded.Key("Jumüarozug Tögopum");
        var decomposed = folded.Key("Jumu\u0308arozug");

        withAccents.Should().Be("JUMUAROZUGTOGOPUM");
        decomposed.Should().Be("JUMUAROZUG");
    }
}
