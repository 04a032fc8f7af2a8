using System.Collections.Frozen;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The words of the standard's own vocabulary: every word of three letters or more in a data element keyword of the
/// dictionary (TEXT, IMAGE, CODE, CONTAINER, PATIENT…). In a coded string (CS) such a word is the code it looks like, not
/// a name: a test file's observer called "Enter text" must not turn every SR item of Value Type TEXT into a placeholder.
/// A word outside this vocabulary in a CS (a surname copied into Body Part Examined) is still a name.
/// </summary>
internal static class DicomVocabulary
{
    private static readonly Lazy<FrozenSet<string>> Words = new(Build);

    private static readonly Lazy<FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>> Lookup =
        new(() => Words.Value.GetAlternateLookup<ReadOnlySpan<char>>());

    /// <summary>Whether the folded word is a word of the dictionary's keywords.</summary>
    public static bool Contains(ReadOnlySpan<char> foldedWord) => Lookup.Value.Contains(foldedWord);

    private static FrozenSet<string> Build()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in DicomDictionary.Entries)
        {
            var keyword = entry.Keyword;
            var start = 0;
            for (var i = 1; i <= keyword.Length; i++)
            {
                if (i == keyword.Length || char.IsUpper(keyword[i]) || (char.IsDigit(keyword[i]) != char.IsDigit(keyword[i - 1])))
                {
                    if (i - start >= 3 && char.IsLetter(keyword[start]))
                    {
                        words.Add(keyword[start..i].ToUpperInvariant());
                    }

                    start = i;
                }
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
