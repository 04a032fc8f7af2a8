using System.Globalization;
using System.Runtime.CompilerServices;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>
/// The identifying values of the originals, normalised and kept only as 64-bit hashes, so memory grows with the number
/// of distinct identifying values (about 24 bytes each), never with the size of the files. Built once, then read by
/// every scan at the same time.
/// </summary>
internal sealed class IdentifierSearchSet
{
    private const int MaxSearchedTokens = 16;
    private const int MaxSearchedCjkLength = 32;
    private const string PersonIdentificationCodeSequence = "PersonIdentificationCodeSequence";

    private readonly Dictionary<ulong, int> _terms = [];
    private readonly Dictionary<ulong, int> _uids = [];
    private readonly HashSet<ulong> _seenElements = [];
    private readonly List<IdentifierOrigin> _origins = [];
    private readonly Dictionary<IdentifierOrigin, int> _originIndex = [];
    private readonly Lock _lock = new();

    /// <summary>How many distinct values are searched for (terms and UIDs).</summary>
    public int Count => _terms.Count + _uids.Count;

    /// <summary>The most tokens of output text that can make up one searched value.</summary>
    public int MaxTokens { get; private set; } = 1;

    /// <summary>The longest CJK value searched for, in characters (0 when there is none).</summary>
    public int MaxCjkLength { get; private set; }

    /// <summary>Adds every identifying value of an original dataset, at every depth. Safe to call from several threads.</summary>
    public void AddOriginal(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_lock)
        {
            AddDataset(dataset, parentKeyword: null);
        }
    }

    /// <summary>Looks up a normalised text by its hash.</summary>
    public bool TryFindTerm(ulong hash, out IdentifierOrigin origin)
    {
        return TryFind(_terms, hash, out origin);
    }

    /// <summary>Looks up a UID, exactly as written.</summary>
    public bool TryFindUid(ReadOnlySpan<char> uid, out IdentifierOrigin origin) => TryFind(_uids, TextTokens.Hash(uid), out origin);

    private static string Describe(DicomTag tag, string keyword) => keyword.Length == 0 ? tag.ToString() : $"{keyword} {tag}";

    private static string KeywordOf(DicomTag tag) =>
        !tag.IsPrivate && DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : string.Empty;

    private bool TryFind(Dictionary<ulong, int> map, ulong hash, out IdentifierOrigin origin)
    {
        if (map.TryGetValue(hash, out var index))
        {
            origin = _origins[index];
            return true;
        }

        origin = null!;
        return false;
    }

    private void AddDataset(DicomDataset dataset, string? parentKeyword)
    {
        foreach (var attribute in dataset)
        {
            var tag = attribute.Tag;
            if (attribute is DicomSequence sequence)
            {
                var keyword = KeywordOf(tag);
                foreach (var item in sequence.Items)
                {
                    AddDataset(item, keyword);
                }

                continue;
            }

            // Private values go with the profile (unless kept as safe); what they hold that identifies someone is
            // also in a standard attribute, which is searched for. A private PN is a name all the same.
            if (attribute is not DicomElement element || tag.IsGroupLength || element.IsInSourceFile
                || (tag.IsPrivate && element.VR != DicomVR.PN))
            {
                continue;
            }

            // The same value of the same attribute repeats in every file of a series: normalise it once.
            if (_seenElements.Add(ElementHash(dataset, element, parentKeyword)))
            {
                AddElement(dataset, element, parentKeyword);
            }
        }
    }

    private static ulong ElementHash(DicomDataset dataset, DicomElement element, string? parentKeyword)
    {
        var state = TextTokens.Start();
        state = TextTokens.Append(state, [(char)(element.Tag.Value >> 16), (char)element.Tag.Value, (char)RuntimeHelpers.GetHashCode(dataset.CharacterSet)]);
        state = TextTokens.Append(state, parentKeyword);
        return TextTokens.Finish(TextTokens.AppendBytes(state, element.MemoryBytes.Span));
    }

    /// <summary>The element's values by the declared character set, and also as UTF-8 when its bytes read so differently.</summary>
    private static IEnumerable<string> ValuesOf(DicomDataset dataset, DicomElement element)
    {
        var declared = dataset.GetStrings(element.Tag);
        foreach (var value in declared)
        {
            yield return value;
        }

        var bytes = element.GetBytes().Span;
        if (bytes.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F) >= 0 && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            foreach (var value in System.Text.Encoding.UTF8.GetString(bytes).TrimEnd(' ', '\0').Split('\\'))
            {
                if (!declared.Contains(value.Trim()))
                {
                    yield return value.Trim();
                }
            }
        }
    }

    private void AddElement(DicomDataset dataset, DicomElement element, string? parentKeyword)
    {
        var tag = element.Tag;
        var vr = element.VR;
        var keyword = KeywordOf(tag);
        var attribute = Describe(tag, keyword);
        var name = keyword.Length == 0 ? tag.ToString() : keyword;
        if (vr == DicomVR.PN)
        {
            foreach (var value in ValuesOf(dataset, element))
            {
                AddName(value, name, attribute);
            }
        }
        else if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            foreach (var value in dataset.GetStrings(tag))
            {
                foreach (var part in value.Split('-'))
                {
                    AddDate(part.Trim(), name, attribute);
                }
            }
        }
        else if (vr == DicomVR.UI)
        {
            if (UidRules.IsClassAttribute(tag))
            {
                return;
            }

            foreach (var uid in dataset.GetStrings(tag))
            {
                if (uid.Length > 0 && !UidRules.IsRegistryUid(uid))
                {
                    Add(_uids, TextTokens.Hash(uid), "original " + name, attribute);
                }
            }
        }
        else if (vr.IsString && (IdentifierRules.IdentifyingKeywords.Contains(keyword)
                     || (keyword == "CodeValue" && parentKeyword == PersonIdentificationCodeSequence)))
        {
            foreach (var value in ValuesOf(dataset, element))
            {
                AddTerm(value, "original " + name, attribute);
                if (IdentifierRules.SearchDigitsOf(keyword))
                {
                    // All the digits joined ("+1 555 123-4567" written as 15551234567), and each run of digits on its
                    // own ("AB12-3456789" has 3456789, which the joined 123456789 would never find).
                    AddTerm(string.Concat(value.Where(char.IsAsciiDigit)), name + " digits", attribute);
                    foreach (var run in IdentifierRules.DigitRuns(value))
                    {
                        AddTerm(run, name + " digit run", attribute);
                    }
                }

                if (IdentifierRules.AddressKeywords.Contains(keyword))
                {
                    foreach (var part in value.Split([',', ';', '\n', '\r', '^']))
                    {
                        AddTerm(part, name + " part", attribute);
                    }
                }

                if (IdentifierRules.PhraseKeywords.Contains(keyword))
                {
                    foreach (var word in value.Split([' ', ',', ';', '\n', '\r', '^', '-', '.', '@', '/', '_'], StringSplitOptions.RemoveEmptyEntries))
                    {
                        var normalized = TextTokens.Normalize(word);
                        if (normalized.Length >= 4 && !IdentifierRules.PlaceWords.Contains(normalized))
                        {
                            AddTerm(word, name + " word", attribute);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A person name: each group (alphabetic, ideographic, phonetic), each component, each word of a component
    /// ("Müller-Lüdenscheidt", "de la Cruz"), and the family, given and middle names joined in every order, so a name
    /// is found however its parts are ordered, even when each part alone is too short to search for.
    /// </summary>
    private void AddName(string value, string name, string attribute)
    {
        foreach (var group in value.Split('='))
        {
            AddTerm(group, name, attribute);
            var components = group.Split('^');
            foreach (var component in components)
            {
                AddTerm(component, name + " component", attribute);
                AddTerm(IdentifierRules.SpelledOutUmlauts(component), name + " component", attribute);
                foreach (var word in component.Split([' ', '-', ',', '.', '\'', '_', '/'], StringSplitOptions.RemoveEmptyEntries))
                {
                    AddTerm(word, name + " word", attribute);
                    AddTerm(IdentifierRules.SpelledOutUmlauts(word), name + " word", attribute);
                }
            }

            var parts = components.Take(3).Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
            if (parts.Length >= 2)
            {
                foreach (var order in Orders(parts.Length))
                {
                    AddTerm(string.Join(' ', order.Select(i => parts[i])), name + " in another order", attribute);
                }
            }
        }
    }

    private static int[][] Orders(int count) => count == 2
        ? [[1, 0]]
        : [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

    private void AddDate(string text, string name, string attribute)
    {
        // DA is YYYYMMDD; DT starts with it. Partial dates (YYYY, YYYYMM) say too little to search for.
        if (text.Length < 8
            || !DateOnly.TryParseExact(text.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return;
        }

        var canonical = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        AddTerm(canonical, name, attribute, tokens: 3);
        foreach (var spelling in DateSpellings.Of(date))
        {
            if (spelling != canonical)
            {
                AddTerm(spelling, name + " in another spelling", attribute, tokens: 4);
            }
        }
    }

    private void AddTerm(string value, string kind, string attribute, int tokens = 0)
    {
        var normalized = TextTokens.Normalize(value);
        if (!IdentifierRules.IsWorthSearching(normalized))
        {
            return;
        }

        // Output text may split a value into more tokens than the original had ("MRN1234567" as "MRN 123 4567").
        MaxTokens = Math.Min(MaxSearchedTokens, Math.Max(MaxTokens, Math.Max(tokens, TextTokens.CountTokens(value)) + 2));
        if (TextTokens.IsAllCjk(normalized))
        {
            MaxCjkLength = Math.Min(MaxSearchedCjkLength, Math.Max(MaxCjkLength, normalized.Length));
        }

        Add(_terms, TextTokens.Hash(normalized), kind, attribute);
    }

    private void Add(Dictionary<ulong, int> map, ulong hash, string kind, string attribute)
    {
        if (map.ContainsKey(hash))
        {
            return;
        }

        var origin = new IdentifierOrigin(kind, attribute);
        if (!_originIndex.TryGetValue(origin, out var index))
        {
            index = _origins.Count;
            _origins.Add(origin);
            _originIndex.Add(origin, index);
        }

        map.Add(hash, index);
    }
}
