using System.Reflection;
using DicomPipeline.Anonymization.Sweep;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// The sweep's vocabulary of the standard's words is generated data: the words of the dictionary's keywords, and a hash
/// table over them, made by the table generator instead of at every start.
/// </summary>
public sealed class DicomVocabularyTests
{
    /// <summary>
    /// Held to the dictionary the library reads, worked out here by the rule the vocabulary states (a keyword splits
    /// before every capital and where letters meet digits; words of three letters or more, starting with a letter):
    /// the generated words are exactly those, and every one is found.
    /// </summary>
    [Fact]
    public void Words_AreTheWordsOfTheDictionarysKeywords()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var keyword in DicomDictionary.Entries.Select(e => e.Keyword))
        {
            var start = 0;
            for (var i = 1; i <= keyword.Length; i++)
            {
                if (i == keyword.Length || char.IsUpper(keyword[i]) || char.IsDigit(keyword[i]) != char.IsDigit(keyword[i - 1]))
                {
                    if (i - start >= 3 && char.IsLetter(keyword[start]))
                    {
                        expected.Add(keyword[start..i].ToUpperInvariant());
                    }

                    start = i;
                }
            }
        }

        var generated = Enumerable.Range(0, DicomVocabulary.WordCount).Select(DicomVocabulary.WordAt).ToList();

        generated.Should().Equal(expected);
        expected.Should().Contain(["PATIENT", "TEXT", "CONTAINER", "REFERENCED", "INSTANCE"]);
        expected.Where(w => !DicomVocabulary.Contains(w)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("PATIENT", true)]
    [InlineData("TEXT", true)]
    [InlineData("Patient", false)]
    [InlineData("PATIENTX", false)]
    [InlineData("PATIEN", false)]
    [InlineData("SOP", false)]
    [InlineData("MUELLER", false)]
    [InlineData("M\u00DCLLER", false)]
    [InlineData("", false)]
    public void Contains_IsTheExactUpperCaseWord(string word, bool contained)
    {
        DicomVocabulary.Contains(word).Should().Be(contained);
    }

    /// <summary>
    /// Nothing is built when a process starts: the vocabulary keeps no state of its own. It was a set of 1,760 strings
    /// made at every start, which the first two collections of every run copied with both workers stopped.
    /// </summary>
    [Fact]
    public void Vocabulary_HoldsNothingMadeAtRunTime()
    {
        typeof(DicomVocabulary).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(f => !f.IsLiteral)
            .Select(f => f.Name)
            .Should().BeEmpty();

        // A lookup reads the assembly's data in place (the first call may still pay for the method's compilation).
        DicomVocabulary.Contains("IMAGE").Should().BeTrue();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = DicomVocabulary.Contains("CONTAINER") && !DicomVocabulary.Contains("MUELLER");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        found.Should().BeTrue();
        allocated.Should().Be(0);
    }
}
