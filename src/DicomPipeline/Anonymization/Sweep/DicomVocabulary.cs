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
    private static readonly Lazy<HashSet<string>.AlternateLookup<ReadOnlySpan<char>>> Lookup = new(Build);

    /// <summary>Whether the folded word is a word of the dictionary's keywords.</summary>
    public static bool Contains(ReadOnlySpan<char> foldedWord) => Lookup.Value.Contains(foldedWord);

    /// <summary>
    /// Made on first use, in every run's first file: each word is upper-cased on the stack and becomes a string only the
    /// first time it is met (the dictionary's ~5,000 keywords repeat a few thousand words), so building it allocates
    /// little and does not bring the run's first collection forward. A plain set: freezing it cost more than it saves.
    /// </summary>
    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Build()
    {
        var words = new HashSet<string>(4096, StringComparer.Ordinal);
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> upper = stackalloc char[64];
        for (var index = 0; index < DicomDictionary.EntryCount; index++)
        {
            // Keywords are ASCII letters and digits: a byte is its character. Read from the table, not from entries,
            // which are made only when asked for.
            var keyword = DicomDictionary.KeywordUtf8At(index);
            var start = 0;
            for (var i = 1; i <= keyword.Length; i++)
            {
                if (i == keyword.Length || char.IsAsciiLetterUpper((char)keyword[i]) || (char.IsAsciiDigit((char)keyword[i]) != char.IsAsciiDigit((char)keyword[i - 1])))
                {
                    var length = i - start;
                    if (length >= 3 && char.IsAsciiLetter((char)keyword[start]))
                    {
                        var word = length <= upper.Length ? upper[..length] : new char[length];
                        System.Text.Ascii.ToUpper(keyword.Slice(start, length), word, out _);
                        lookup.Add(word);
                    }

                    start = i;
                }
            }
        }

        return lookup;
    }
}
