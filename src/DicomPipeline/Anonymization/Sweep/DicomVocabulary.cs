namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The words of the standard's own vocabulary: every word of three letters or more in a data element keyword of the
/// dictionary (TEXT, IMAGE, CODE, CONTAINER, PATIENT…). In a coded string (CS) such a word is the code it looks like, not
/// a name: a test file's observer called "Enter text" must not turn every SR item of Value Type TEXT into a placeholder.
/// A word outside this vocabulary in a CS (a surname copied into Body Part Examined) is still a name.
/// </summary>
/// <remarks>
/// The words and a hash table over them are made by the table generator from the same keywords
/// (DicomVocabulary.Generated.cs) and are read-only data of the assembly: nothing is built when a process starts. They
/// were a set of 1,760 strings (about 150 KB with the set's table) made at every start, which the first two
/// collections of every run then copied.
/// </remarks>
internal static partial class DicomVocabulary
{
    private const uint HashBasis = 2166136261u;
    private const uint HashPrime = 16777619u;

    /// <summary>The number of words.</summary>
    internal static int WordCount => GeneratedWordCount;

    /// <summary>Whether the folded (upper-case) word is a word of the dictionary's keywords.</summary>
    public static bool Contains(ReadOnlySpan<char> foldedWord)
    {
        // FNV-1a over the characters, as the generator hashed the words; every word is ASCII, so no other text is one.
        var hash = HashBasis;
        foreach (var c in foldedWord)
        {
            if (c > 0x7F)
            {
                return false;
            }

            hash = (hash ^ c) * HashPrime;
        }

        var slots = GeneratedSlots;
        var words = GeneratedWords;
        var mask = (slots.Length / 2) - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var number = Number(slots, slot);
            if (number == 0)
            {
                return false;
            }

            // The word's line, without its line break.
            var word = words[Number(GeneratedStarts, number - 1)..(Number(GeneratedStarts, number) - 1)];
            if (word.Length == foldedWord.Length && System.Text.Ascii.Equals(word, foldedWord))
            {
                return true;
            }
        }
    }

    /// <summary>The word numbered <paramref name="index"/> (ordinal order), for the tests.</summary>
    internal static string WordAt(int index) =>
        System.Text.Encoding.ASCII.GetString(GeneratedWords[Number(GeneratedStarts, index)..(Number(GeneratedStarts, index + 1) - 1)]);

    /// <summary>The 16-bit number at <paramref name="index"/> of a generated table.</summary>
    private static int Number(ReadOnlySpan<byte> table, int index) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(table[(2 * index)..]);
}
