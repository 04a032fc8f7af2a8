using System.Globalization;
using System.Text;

namespace DicomPipeline.TableGenerator;

// The sweep's vocabulary of the standard's words, made here from the keywords rather than at every start of the
// library: the words, one a line, and an open-addressing table over them, all read-only data of the assembly.
internal static partial class Program
{
    /// <summary>FNV-1a, 32 bits, over ASCII: the library's DicomVocabulary hashes a looked-up word the same way.</summary>
    private static uint VocabularyHash(string word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>
    /// Every word of three letters or more in a keyword, upper-cased. A keyword splits before every capital and where
    /// letters meet digits, so an acronym falls apart into single letters: "ReferencedSOPInstanceUID" gives REFERENCED
    /// and INSTANCE.
    /// </summary>
    private static SortedSet<string> VocabularyWords(List<DictionaryRow> attributes)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var keyword in attributes.Select(a => a.Keyword))
        {
            var start = 0;
            for (var i = 1; i <= keyword.Length; i++)
            {
                if (i == keyword.Length || char.IsAsciiLetterUpper(keyword[i]) || (char.IsAsciiDigit(keyword[i]) != char.IsAsciiDigit(keyword[i - 1])))
                {
                    if (i - start >= 3 && char.IsAsciiLetter(keyword[start]))
                    {
                        words.Add(keyword[start..i].ToUpperInvariant());
                    }

                    start = i;
                }
            }
        }

        return words;
    }

    private static string GenerateVocabulary(string header, List<DictionaryRow> attributes)
    {
        var words = VocabularyWords(attributes).ToList();
        var size = 1;
        while (size < words.Count * 2)
        {
            size <<= 1;
        }

        var slots = new int[size];
        for (var i = 0; i < words.Count; i++)
        {
            var slot = (int)(VocabularyHash(words[i]) & (uint)(size - 1));
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & (size - 1);
            }

            slots[slot] = i + 1;
        }

        var starts = new List<int> { 0 };
        foreach (var word in words)
        {
            starts.Add(starts[^1] + word.Length + 1);
        }

        if (words.Count >= ushort.MaxValue || starts[^1] > ushort.MaxValue)
        {
            throw new InvalidDataException("The vocabulary no longer fits 16-bit offsets; widen GeneratedStarts and GeneratedSlots.");
        }

        var s = new StringBuilder(capacity: 200_000);
        s.Append(header);
        s.Append('\n');
        s.Append("namespace DicomPipeline.Anonymization.Sweep;\n\n");
        s.Append("internal static partial class DicomVocabulary\n{\n");
        s.Append(CultureInfo.InvariantCulture, $"    /// <summary>The number of words.</summary>\n    private const int GeneratedWordCount = {words.Count};\n\n");
        s.Append("    /// <summary>The words, upper case, one a line, in ordinal order.</summary>\n");
        s.Append("    private static ReadOnlySpan<byte> GeneratedWords => \"\"\"\n");
        foreach (var word in words)
        {
            s.Append(word).Append('\n');
        }

        s.Append("\"\"\"u8;\n\n");
        s.Append("    /// <summary>Where each word's line starts in <see cref=\"GeneratedWords\"/>, and one past the last line (16 bits each, little endian).</summary>\n");
        AppendNumbers(s, "GeneratedStarts", starts);
        s.Append('\n');
        s.Append("    /// <summary>\n");
        s.Append("    /// An open-addressing table of the words by FNV-1a hash (linear probing): the word's number plus one, 0 for an\n");
        s.Append("    /// empty slot (16 bits each, little endian).\n");
        s.Append("    /// </summary>\n");
        AppendNumbers(s, "GeneratedSlots", slots);
        s.Append("}\n");
        return s.ToString();

        static void AppendNumbers(StringBuilder s, string name, IReadOnlyList<int> numbers)
        {
            // 16-bit numbers as their little-endian bytes: a byte array initializer is read from the assembly's data in
            // every configuration, where a ushort one allocated in Debug builds (which the tests run).
            s.Append(CultureInfo.InvariantCulture, $"    private static ReadOnlySpan<byte> {name} => new byte[]\n    {{");
            for (var i = 0; i < numbers.Count; i++)
            {
                s.Append(i % 8 == 0 ? "\n        " : " ");
                s.Append(CultureInfo.InvariantCulture, $"{numbers[i] & 0xFF}, {numbers[i] >> 8},");
            }

            s.Append("\n    };\n");
        }
    }
}
