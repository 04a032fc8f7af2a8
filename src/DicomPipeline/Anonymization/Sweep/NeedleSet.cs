namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The needles made of a combination of identifying values (<see cref="IdentifierNeedleBuilder"/>), read-only once
/// made, so the files of a series, which repeat the same names, IDs and dates, share one set instead of each merging
/// hundreds of spellings again. Knows the shortest needle, so a value too short to hold any is not read.
/// </summary>
internal sealed class NeedleSet
{
    /// <summary>By length, a bit for each first character a key of that length has (<see cref="StartBit"/>).</summary>
    private readonly ulong[] _keyStarts;

    public NeedleSet(IdentifierNeedleBuilder builder)
    {
        Keys = builder.Keys;
        DigitRuns = [.. builder.DigitRuns];
        NameWords = builder.NameWords;
        GluedNameWords = [.. NameWords.Where(w => w.Length >= ShortestGluedName)];
        PlaceWordLookup = builder.PlaceWordKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        ShortNumbers = builder.ShortNumbers;
        ShortNumberLookup = ShortNumbers.GetAlternateLookup<ReadOnlySpan<char>>();
        KeyLookup = Keys.GetAlternateLookup<ReadOnlySpan<char>>();
        NameWordLookup = NameWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var shortest = int.MaxValue;
        var shortestDigits = int.MaxValue;
        var longest = 0;
        foreach (var key in Keys)
        {
            longest = Math.Max(longest, key.Length);
        }

        _keyStarts = new ulong[longest + 1];
        foreach (var key in Keys)
        {
            _keyStarts[key.Length] |= StartBit(key[0]);
            shortest = Math.Min(shortest, key.Length);
            if (!key.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                shortestDigits = Math.Min(shortestDigits, key.Length);
            }
        }

        foreach (var run in DigitRuns)
        {
            shortest = Math.Min(shortest, run.Length);
            shortestDigits = Math.Min(shortestDigits, run.Length);
        }

        // A name word is also found with a short ending, in a word of five letters or more.
        ShortestNeedle = NameWords.Count > 0 ? Math.Min(shortest, 5) : shortest;
        if (ShortNumbers.Count > 0)
        {
            ShortestNeedle = Math.Min(ShortestNeedle, IdentifierNeedleBuilder.MinimumDigits - 1);
        }

        ShortestDigitNeedle = shortestDigits;
        LongestKey = longest;
    }

    /// <summary>How long a name word must be to be looked for inside a longer word ("KneeQuenbyluk", "QUENBYLUKOVA").</summary>
    public const int ShortestGluedName = 6;

    public static NeedleSet Empty { get; } = new(new IdentifierNeedleBuilder());

    /// <summary>The name words of <see cref="ShortestGluedName"/> letters or more.</summary>
    public string[] GluedNameWords { get; }

    public HashSet<string> Keys { get; }

    public string[] DigitRuns { get; }

    public HashSet<string> NameWords { get; }

    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeyLookup { get; }

    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NameWordLookup { get; }

    /// <summary>IDs of four digits, found only as a whole word of free text.</summary>
    public HashSet<string> ShortNumbers { get; }

    /// <summary>Looks up <see cref="ShortNumbers"/> by span.</summary>
    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ShortNumberLookup { get; }

    /// <summary>The single words of places: in a code (CS) such a word alone is the code, not the place.</summary>
    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PlaceWordLookup { get; }

    /// <summary>The fewest folded characters a value must have to hold any needle.</summary>
    public int ShortestNeedle { get; }

    /// <summary>The fewest digits a value of digits alone must have to hold any needle.</summary>
    public int ShortestDigitNeedle { get; }

    /// <summary>The most folded characters a key has.</summary>
    public int LongestKey { get; }

    /// <summary>
    /// Whether some key has <paramref name="length"/> folded characters and starts like <paramref name="first"/>: a run
    /// of tokens that none could equal is not looked up.
    /// </summary>
    public bool MayHoldKey(int length, char first) => length < _keyStarts.Length && (_keyStarts[length] & StartBit(first)) != 0;

    /// <summary>One of 64 bits for a folded character: each digit and letter its own, any other character one of 28 shared.</summary>
    private static ulong StartBit(char c) =>
        1UL << ((uint)(c - '0') <= 9 ? c - '0' : (uint)(c - 'A') <= 'Z' - 'A' ? c - 'A' + 10 : 36 + (c % 28));

    public bool IsEmpty => Keys.Count == 0 && DigitRuns.Length == 0 && ShortNumbers.Count == 0;
}
