using System.Globalization;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The identifying values of one instance in the folded form of <see cref="FoldedText"/>: the needles that no kept
/// value may hold. A kept value holds one when a run of its adjacent tokens, folded, equals a needle, or when one of
/// its digit tokens contains a needle's run of digits.
/// </summary>
/// <remarks>
/// Names give every word of three letters or more (two in other scripts) and every order of their words; IDs give the
/// ID and each of its runs of five digits or more; dates give every common spelling (numeric with day-month and
/// month-day orders, with and without leading zeros, two-digit years, month names in English, German and French);
/// institutions and addresses give the phrase and its parts; phone numbers their digits; UIDs the UID. Words that only
/// placeholders use (ANONYMIZED, UNKNOWN…) are never needles: they carry nobody's identity.
/// </remarks>
internal sealed class IdentifierNeedles
{
    /// <summary>The shortest run of digits looked for inside longer numbers.</summary>
    public const int MinimumDigits = 5;

    /// <summary>How many adjacent tokens of a kept value are joined at most to compare with a needle.</summary>
    private const int MaximumTokens = 10;
    private const int MaximumNameWords = 5;

    private static readonly string[][] MonthNames =
    [
        ["JANUARY", "JAN", "JANUAR", "JANVIER", "JANV"],
        ["FEBRUARY", "FEB", "FEBRUAR", "FEVRIER", "FEVR", "FEV"],
        ["MARCH", "MAR", "MARZ", "MARS"],
        ["APRIL", "APR", "AVRIL", "AVR"],
        ["MAY", "MAI"],
        ["JUNE", "JUN", "JUNI", "JUIN"],
        ["JULY", "JUL", "JULI", "JUILLET", "JUIL"],
        ["AUGUST", "AUG", "AOUT"],
        ["SEPTEMBER", "SEP", "SEPT", "SEPTEMBRE"],
        ["OCTOBER", "OCT", "OKTOBER", "OKT", "OCTOBRE"],
        ["NOVEMBER", "NOV", "NOVEMBRE"],
        ["DECEMBER", "DEC", "DEZEMBER", "DEZ", "DECEMBRE"],
    ];

    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "ANONYMIZED", "ANONYMISED", "ANONYMOUS", "ANON", "PERSON", "ANONYMIZEDPERSON", "PERSONANONYMIZED", "UNKNOWN",
        "NONE", "NULL", "NAME", "PATIENT", "REMOVED", "DELETED", "REDACTED", "NOT", "AND", "THE",
    };

    private readonly HashSet<string> _needles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _digitRuns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _uids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nameWords = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _nameWordLookup;

    public IdentifierNeedles()
    {
        _lookup = _needles.GetAlternateLookup<ReadOnlySpan<char>>();
        _nameWordLookup = _nameWords.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Whether there is nothing to look for.</summary>
    public bool IsEmpty => _needles.Count == 0 && _digitRuns.Count == 0 && _uids.Count == 0;

    /// <summary>The instance's own UIDs (those the registry does not define), exactly as they came.</summary>
    public IReadOnlySet<string> Uids => _uids;

    /// <summary>How many needles there are (for tests and diagnostics).</summary>
    public int Count => _needles.Count + _digitRuns.Count + _uids.Count;

    /// <summary>A person name (PN, any group, several values joined by a backslash).</summary>
    public void AddPersonName(string value) => AddCached('P', value, static (n, v) => n.MakePersonName(v));

    private void MakePersonName(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var groups = one.Split('=');
            for (var g = 0; g < groups.Length; g++)
            {
                var groupWords = new List<string>();
                foreach (var component in groups[g].Split('^'))
                {
                    foreach (var word in FoldedText.Tokens(component))
                    {
                        var minimum = IsAsciiOnly(word) ? 3 : 2;
                        if (word.Length >= minimum && !char.IsAsciiDigit(word[0]))
                        {
                            AddKey(word);
                            groupWords.Add(word);
                            if (word.Length >= 4 && !Placeholders.Contains(word))
                            {
                                _nameWords.Add(word);
                            }
                        }
                    }

                    // A component of several words ("van der Berg", "Smith-Jones") is also one needle of its own; initials
                    // alone ("S R" is SR, a modality) are not.
                    var whole = FoldedText.FoldToKey(component);
                    if (whole.Length >= (IsAsciiOnly(whole) ? 3 : 2))
                    {
                        AddKey(whole);
                    }
                }

                AddPermutations(groupWords);
            }
        }
    }

    /// <summary>An identifier (patient ID, accession number, study ID…): the whole ID and each long run of its digits.</summary>
    public void AddIdentifier(string value) => AddCached('I', value, static (n, v) => n.MakeIdentifier(v));

    private void MakeIdentifier(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var key = FoldedText.FoldToKey(one);
            var digitsOnly = key.Length > 0 && key.All(char.IsAsciiDigit);
            if (key.Length >= 3 && (!digitsOnly || key.Length >= MinimumDigits))
            {
                AddKey(key);
            }

            // Each run of digits on its own ("AB12-3456789" gives 3456789, not only the joined 123456789).
            foreach (var token in FoldedText.Tokens(one))
            {
                AddDigitRuns(token);
            }

            AddDigitRuns(key);
        }
    }

    /// <summary>A phrase such as an institution, a department or an address: the whole and each of its parts.</summary>
    public void AddPhrase(string value) => AddCached('H', value, static (n, v) => n.MakePhrase(v));

    private void MakePhrase(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            AddLongKey(FoldedText.FoldToKey(one));
            foreach (var part in one.Split(['^', ',', ';', '\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                AddLongKey(FoldedText.FoldToKey(part));
            }
        }
    }

    /// <summary>A phone number: its digits together, and each long run of them.</summary>
    public void AddPhone(string value) => AddCached('T', value, static (n, v) => n.MakePhone(v));

    private void MakePhone(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var tokens = FoldedText.Tokens(one).Where(t => char.IsAsciiDigit(t[0])).ToList();
            for (var start = 0; start < tokens.Count; start++)
            {
                var digits = string.Concat(tokens.Skip(start));
                if (digits.Length >= 7)
                {
                    AddKey(digits);
                }
            }

            foreach (var token in tokens)
            {
                AddDigitRuns(token);
            }
        }
    }

    /// <summary>A DA value or the date of a DT value (a range gives both ends), in every common spelling.</summary>
    public void AddDate(string value) => AddCached('D', value, static (n, v) => n.MakeDate(v));

    private void MakeDate(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            foreach (var part in one.Split('-', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // 1900-01-01 is the dummy date (ours and many a device's placeholder): it dates nobody.
                if (part.Length >= 8 && DateOnly.TryParseExact(part[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && date != new DateOnly(1900, 1, 1))
                {
                    MakeDateSpellings(date);
                }
            }
        }
    }

    /// <summary>A UID of the instance that the registry does not define.</summary>
    public void AddUid(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var uid = one.Trim(' ', '\0');
            if (uid.Length == 0)
            {
                continue;
            }

            _uids.Add(uid);
            var key = FoldedText.FoldToKey(uid);
            if (key.Length >= 12)
            {
                AddKey(key);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="hits"/> the ranges of <see cref="FoldedText.Chars"/> that hold a needle; true when there
    /// is at least one.
    /// </summary>
    /// <param name="text">The folded value.</param>
    /// <param name="hits">Where to add the hits, or <see langword="null"/> to stop at the first.</param>
    /// <param name="codedString">A CS value: a single word of the standard's vocabulary (<see cref="DicomVocabulary"/>) is the code it names.</param>
    /// <param name="minimumLength">The shortest match that counts: binary values decoded as text are noise in which short words appear by chance.</param>
    public bool FindIn(FoldedText text, List<(int Start, int End)>? hits, bool codedString = false, int minimumLength = 0)
    {
        var found = false;
        var chars = text.Chars.AsSpan();
        var tokens = text.TokenCount;
        for (var i = 0; i < tokens; i++)
        {
            var start = text.TokenStart(i);
            var last = Math.Min(tokens, i + MaximumTokens);
            for (var j = i; j < last; j++)
            {
                var end = text.TokenEnd(j);
                if (end - start < minimumLength)
                {
                    continue;
                }

                if (_lookup.Contains(chars[start..end]) && !(codedString && j == i && DicomVocabulary.Contains(chars[start..end])))
                {
                    found = true;
                    if (hits is null)
                    {
                        return true;
                    }

                    hits.Add((start, end));
                }
            }

            var tokenEnd = text.TokenEnd(i);

            // A name word with a short ending: "Müllers", "Jurgens", "Jürgen's" (the apostrophe splits that one anyway).
            if (_nameWords.Count > 0 && tokenEnd - start >= Math.Max(5, minimumLength + 1) && !char.IsAsciiDigit(chars[start])
                && !(codedString && DicomVocabulary.Contains(chars[start..tokenEnd])))
            {
                for (var cut = 1; cut <= 2 && tokenEnd - cut - start >= 4; cut++)
                {
                    if (_nameWordLookup.Contains(chars[start..(tokenEnd - cut)]))
                    {
                        found = true;
                        if (hits is null)
                        {
                            return true;
                        }

                        hits.Add((start, tokenEnd));
                        break;
                    }
                }
            }

            if (_digitRuns.Count > 0 && tokenEnd - start > MinimumDigits && char.IsAsciiDigit(chars[start]))
            {
                foreach (var run in _digitRuns)
                {
                    if (run.Length < minimumLength)
                    {
                        continue;
                    }

                    var at = chars[start..tokenEnd].IndexOf(run, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        found = true;
                        if (hits is null)
                        {
                            return true;
                        }

                        hits.Add((start + at, start + at + run.Length));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The needles of one value (a name, an ID, a date…), made once per value and shared by every file and thread of a
    /// run: the files of a study repeat the same few identifying values, and their expansions (every order of a name's
    /// words, ~150 spellings of a date) would otherwise be made again for each file. Bounded: past the cap, made afresh.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(char Kind, string Value), Expansion> Expansions = new();

    private const int MaximumCachedValues = 16384;

    private void AddCached(char kind, string value, Action<IdentifierNeedles, string> make)
    {
        if (!Expansions.TryGetValue((kind, value), out var expansion))
        {
            var made = new IdentifierNeedles();
            make(made, value);
            expansion = new Expansion([.. made._needles], [.. made._digitRuns], [.. made._nameWords]);
            if (Expansions.Count < MaximumCachedValues)
            {
                Expansions.TryAdd((kind, value), expansion);
            }
        }

        _needles.UnionWith(expansion.Keys);
        _digitRuns.UnionWith(expansion.Runs);
        _nameWords.UnionWith(expansion.NameWords);
    }

    private sealed record Expansion(string[] Keys, string[] Runs, string[] NameWords);

    private void MakeDateSpellings(DateOnly date)
    {
        var d = date.Day.ToString(CultureInfo.InvariantCulture);
        var dd = date.Day.ToString("00", CultureInfo.InvariantCulture);
        var m = date.Month.ToString(CultureInfo.InvariantCulture);
        var mm = date.Month.ToString("00", CultureInfo.InvariantCulture);
        var yyyy = date.Year.ToString("0000", CultureInfo.InvariantCulture);
        var yy = (date.Year % 100).ToString("00", CultureInfo.InvariantCulture);

        // Numeric: year first, day first and month first, with and without leading zeros, four- and two-digit years.
        foreach (var day in new[] { dd, d })
        {
            foreach (var month in new[] { mm, m })
            {
                AddKey(yyyy + month + day);
                foreach (var year in new[] { yyyy, yy })
                {
                    AddDateKey(day + month + year);
                    AddDateKey(month + day + year);
                }
            }
        }

        AddDateKey(yy + mm + dd);
        _digitRuns.Add(yyyy + mm + dd);
        _digitRuns.Add(dd + mm + yyyy);
        _digitRuns.Add(mm + dd + yyyy);

        // With the month's name: "2 March 1961", "March 2, 1961", "2. März 61", "1961-Mar-02"…
        foreach (var name in MonthNames[date.Month - 1])
        {
            foreach (var day in new[] { dd, d })
            {
                foreach (var year in new[] { yyyy, yy })
                {
                    AddKey(day + name + year);
                    AddKey(name + day + year);
                    AddKey(year + name + day);

                    // English ordinals: "March 2nd, 1961", "the 2nd of March 1961".
                    var ordinal = day + OrdinalSuffix(date.Day);
                    AddKey(name + ordinal + year);
                    AddKey(ordinal + name + year);
                    AddKey(ordinal + "OF" + name + year);
                }
            }
        }
    }

    private static string OrdinalSuffix(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "TH",
        _ => (day % 10) switch { 1 => "ST", 2 => "ND", 3 => "RD", _ => "TH" },
    };

    private void AddDateKey(string key)
    {
        // Six digits or more: shorter numbers are everywhere.
        if (key.Length >= 6)
        {
            AddKey(key);
        }
    }

    private void AddPermutations(List<string> words)
    {
        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2 || distinct.Count > MaximumNameWords)
        {
            return;
        }

        Permute(distinct, 0);
    }

    private void Permute(List<string> words, int from)
    {
        if (from == words.Count)
        {
            AddKey(string.Concat(words));
            return;
        }

        for (var i = from; i < words.Count; i++)
        {
            (words[from], words[i]) = (words[i], words[from]);
            Permute(words, from + 1);
            (words[from], words[i]) = (words[i], words[from]);
        }
    }

    private void AddDigitRuns(string key)
    {
        var start = -1;
        for (var i = 0; i <= key.Length; i++)
        {
            var digit = i < key.Length && char.IsAsciiDigit(key[i]);
            if (digit && start < 0)
            {
                start = i;
            }
            else if (!digit && start >= 0)
            {
                if (i - start >= MinimumDigits && !IsOneDigitRepeated(key.AsSpan(start, i - start)))
                {
                    var run = key[start..i];
                    _digitRuns.Add(run);
                    AddKey(run);
                }

                start = -1;
            }
        }
    }

    private void AddLongKey(string key)
    {
        if (key.Length >= 4)
        {
            AddKey(key);
        }
    }

    /// <summary>
    /// "00000", "99999": a serial number or ID of one repeated digit is a placeholder, and the dummies of numbers and
    /// times (0, 000000) are made of such runs; looking for it would find every zero.
    /// </summary>
    private static bool IsOneDigitRepeated(ReadOnlySpan<char> digits) => digits.Length > 0 && !digits.ContainsAnyExcept(digits[0]);

    private void AddKey(string key)
    {
        if (key.Length >= 2 && !Placeholders.Contains(key) && !(char.IsAsciiDigit(key[0]) && IsOneDigitRepeated(key)))
        {
            _needles.Add(key);
        }
    }

    private static bool IsAsciiOnly(string word)
    {
        foreach (var c in word)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        return true;
    }
}
