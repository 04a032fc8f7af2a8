using System.Collections.Concurrent;
using System.Globalization;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Makes the needles of an instance's identifying values, in the folded form of <see cref="FoldedText"/>: names give
/// every word of three letters or more (two in other scripts) and every order of their words; IDs give the ID and each
/// of its runs of five digits or more; dates every common spelling (<see cref="DateSpellings"/>); institutions and
/// addresses the phrase and its parts; phone numbers their digits. Words that only placeholders use (ANONYMIZED,
/// UNKNOWN…) are never needles: they carry nobody's identity.
/// </summary>
internal sealed class IdentifierNeedleBuilder
{
    /// <summary>The shortest run of digits looked for inside longer numbers.</summary>
    public const int MinimumDigits = 5;

    private const int MaximumNameWords = 5;

    // Words that stand in for a value rather than being one: our own dummies, and what templates and test files write
    // where a site leaves a field to fill ("Here" as InstitutionName beside "Manufacturer name here" in pydicom's RT
    // files; "Test^Phantom"). Equal to another placeholder, such a word names nobody; a real name, ID or place still is a
    // needle, and a value made of several words is one needle whole.
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "ANONYMIZED", "ANONYMISED", "ANONYMOUS", "ANON", "PERSON", "ANONYMIZEDPERSON", "PERSONANONYMIZED", "UNKNOWN",
        "NONE", "NULL", "NAME", "PATIENT", "REMOVED", "DELETED", "REDACTED", "NOT", "AND", "THE",
        "HERE", "THERE", "TEST", "PHANTOM", "DUMMY", "DEFAULT", "OTHER", "EMPTY", "BLANK", "TBD", "NA", "XXX", "XXXX",
        "DEIDENTIFIED", "FIRST", "LAST", "MIDDLE", "GIVEN", "FAMILY", "INSTITUTION", "HOSPITAL", "CLINIC", "DEPARTMENT",
    };

    // Words every institution, address and place has: alone, one of them names no one (the town or the street's own name
    // does). Words of the standard's keywords (GENERAL, MEDICAL, CENTER, STATION…) are left out by DicomVocabulary.
    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "ROAD", "STREET", "STRASSE", "LANE", "AVENUE", "PLAZA", "PLACE", "SQUARE", "COURT", "BOULEVARD", "HIGHWAY",
        "SUITE", "FLOOR", "BUILDING", "ROOM", "WING", "WARD", "BLOCK", "NORTH", "SOUTH", "EAST", "WEST", "SAINT",
        "HOSPITAL", "HOSPITALS", "INFIRMARY", "CLINIC", "CLINICS", "KLINIK", "KLINIKUM", "KRANKENHAUS", "UNIVERSITY",
        "COLLEGE", "SCHOOL", "INSTITUTE", "HEALTH", "HEALTHCARE", "CARE", "CENTRE", "MEMORIAL", "REGIONAL", "COUNTY",
        "CITY", "NATIONAL", "CHILDREN", "CHILDRENS", "WOMENS", "RADIOLOGY", "TRUST", "FOUNDATION", "PRACTICE",
        "SYSTEMS", "SERVICES", "PAVILION", "OFFICE", "MAIL", "EMAIL",

        // What institutions are named for: the body, the disease, the discipline ("NYU Center for Brain Imaging" beside
        // Body Part Examined BRAIN).
        "BRAIN", "HEART", "CANCER", "CHEST", "LUNG", "SPINE", "BONE", "JOINT", "KIDNEY", "LIVER", "BREAST", "HEAD",
        "NECK", "KNEE", "ABDOMEN", "PELVIS", "NEURO", "NEUROLOGY", "NEUROSCIENCE", "NEUROSCIENCES", "CARDIO", "CARDIOLOGY",
        "CARDIAC", "CARDIOL", "VASCULAR", "ONCOLOGY", "ORTHOPEDIC", "ORTHOPEDICS", "ORTHOPAEDIC", "PEDIATRIC", "PEDIATRICS",
        "PAEDIATRIC", "WOMEN", "MATERNITY", "DIAGNOSTIC", "DIAGNOSTICS", "THERAPY", "SURGERY", "SURGICAL", "EMERGENCY",
        "TRAUMA", "DENTAL", "SLEEP", "RESEARCH", "SCIENCE", "SCIENCES", "TECHNOLOGY", "LABORATORY", "INVASIVE", "NUCLEAR",
        "MAMMO", "MAMMOGRAPHY", "ULTRASOUND", "SCAN", "SCANNER", "CLINICAL", "HOSPITALIER", "UNIVERSITAIRE",
    };

    // Makers of imaging equipment and DICOM software: a station named after its maker (PHILIPS-E34D2B9, GE Marquette)
    // shares the word with every Manufacturer value of that maker, which is no secret.
    private static readonly HashSet<string> MakerWords = new(StringComparer.Ordinal)
    {
        "PHILIPS", "SIEMENS", "TOSHIBA", "CANON", "HITACHI", "FUJIFILM", "FUJI", "AGFA", "KODAK", "CARESTREAM", "HOLOGIC",
        "VARIAN", "ELEKTA", "ESAOTE", "SAMSUNG", "MEDISON", "MINDRAY", "SHIMADZU", "KONICA", "MINOLTA", "PLANMECA",
        "SIRONA", "ACUSON", "PICKER", "MARCONI", "ELSCINT", "ADAC", "BRUKER", "MARQUETTE", "GEMS", "HEALTHINEERS",
        "GDCM", "DCMTK", "PYDICOM", "ORTHANC", "OSIRIX", "HOROS", "PIXELMED", "DICOMPIPELINE", "VITAL", "TERARECON",
        "BARCO", "EIZO", "NUANCE", "SECTRA", "MERGE", "VIDAR", "ZEISS", "OLYMPUS", "PENTAX", "KARL", "STORZ", "NEMA",
    };

    // The needles of values met before in this run (its anonymizer's NeedleCaches), or null: made afresh each time.
    private readonly ConcurrentDictionary<(NeedleKind Kind, string Value), Expansion>? _expansions;

    private FoldedText? _folding;

    /// <summary>A builder that remembers nothing.</summary>
    public IdentifierNeedleBuilder()
    {
    }

    /// <summary>A builder that finds the needles of values met before in <paramref name="expansions"/>, and adds new ones there.</summary>
    public IdentifierNeedleBuilder(ConcurrentDictionary<(NeedleKind Kind, string Value), Expansion> expansions) => _expansions = expansions;

    /// <summary>The folded keys a kept value must not hold.</summary>
    internal HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs of digits looked for inside longer numbers.</summary>
    internal HashSet<string> DigitRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>Name words of four letters or more, also found with a short ending ("Müllers").</summary>
    internal HashSet<string> NameWords { get; } = new(StringComparer.Ordinal);

    /// <summary>The single words of places (also in <see cref="Keys"/>): a code (CS) equal to one is the code, not the place.</summary>
    internal HashSet<string> PlaceWordKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>IDs of four digits: looked for only as a whole word of free text, never in numbers (a window width of 1500).</summary>
    internal HashSet<string> ShortNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>This builder's folding buffer (a builder is made when a value is met for the first time: rarely).</summary>
    private FoldedText Folding => _folding ??= new FoldedText();

    /// <summary>Adds the needles of a value of the given kind.</summary>
    public void Add(NeedleKind kind, string value)
    {
        if (_expansions is null || !_expansions.TryGetValue((kind, value), out var expansion))
        {
            var made = new IdentifierNeedleBuilder();
            made.Make(kind, value);
            expansion = new Expansion([.. made.Keys], [.. made.DigitRuns], [.. made.NameWords], [.. made.PlaceWordKeys], [.. made.ShortNumbers]);
            if (_expansions is not null && _expansions.Count < NeedleCaches.MaximumCachedValues)
            {
                _expansions.TryAdd((kind, value), expansion);
            }
        }

        Keys.UnionWith(expansion.Keys);
        DigitRuns.UnionWith(expansion.Runs);
        NameWords.UnionWith(expansion.NameWords);
        PlaceWordKeys.UnionWith(expansion.PlaceWords);
        ShortNumbers.UnionWith(expansion.ShortNumbers);
    }

    /// <summary>Adds a folded key unless it is a placeholder word or one repeated digit.</summary>
    internal void AddKey(string key)
    {
        if (IsNeedle(key))
        {
            Keys.Add(key);
        }
    }

    /// <summary>Whether a folded key can be a needle: not a placeholder word, not one repeated digit, two characters or more.</summary>
    internal static bool IsNeedle(string key) =>
        key.Length >= 2 && !Placeholders.Contains(key) && !(char.IsAsciiDigit(key[0]) && IsOneDigitRepeated(key));

    /// <summary>Adds a run of digits looked for inside longer numbers, not as a key of its own.</summary>
    internal void AddDigitRunOnly(string run) => DigitRuns.Add(run);

    private void Make(NeedleKind kind, string value)
    {
        switch (kind)
        {
            case NeedleKind.Name:
                MakePersonName(value);
                break;
            case NeedleKind.Date:
                DateSpellings.AddValue(this, value);
                break;
            case NeedleKind.Phone:
                MakePhone(value);
                break;
            case NeedleKind.Phrase:
                MakePhrase(value);
                break;
            default:
                MakeIdentifier(value);
                break;
        }
    }

    /// <summary>A person name (PN, any group, several values joined by a backslash).</summary>
    private void MakePersonName(string value)
    {
        // German umlauts are also written out ("Müller" as "Mueller"): that spelling is a needle too.
        var spelledOut = value.Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal)
            .Replace("Ä", "Ae", StringComparison.Ordinal).Replace("Ö", "Oe", StringComparison.Ordinal).Replace("Ü", "Ue", StringComparison.Ordinal);
        if (!string.Equals(spelledOut, value, StringComparison.Ordinal))
        {
            MakePersonName(spelledOut);
        }

        // A writer that could not encode a letter drops it or writes '?' ("Sab?ruqis" of "Sabüruqis"): the name without
        // its letters beyond ASCII, where it keeps most of them.
        var ascii = string.Concat(value.Where(c => c < 0x80));
        if (ascii.Length < value.Length && ascii.Count(char.IsAsciiLetter) >= 4 && value.Count(char.IsLetter) - ascii.Count(char.IsAsciiLetter) <= 2)
        {
            MakePersonName(ascii);
        }

        foreach (var one in value.Split('\\'))
        {
            var groups = one.Split('=');
            for (var g = 0; g < groups.Length; g++)
            {
                var groupWords = new List<string>();
                foreach (var component in groups[g].Split('^'))
                {
                    foreach (var word in Folding.TokensOf(component))
                    {
                        if (char.IsAsciiDigit(word[0]))
                        {
                            continue;
                        }

                        // A short word is no needle alone, but joins the name's orders: "NG WEIMING" of Ng^Weiming, the
                        // two characters of an ideographic name written as one-character parts.
                        groupWords.Add(word);
                        if (word.Length >= (IsAsciiOnly(word) ? 3 : 2))
                        {
                            AddKey(word);
                            if (word.Length >= 4 && !Placeholders.Contains(word))
                            {
                                NameWords.Add(word);
                            }
                        }
                    }

                    // A component of several words ("van der Berg", "Smith-Jones") is also one needle of its own; initials
                    // alone ("S R" is SR, a modality) are not.
                    var whole = Folding.Key(component);
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
    private void MakeIdentifier(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var key = Folding.Key(one);
            var digitsOnly = key.Length > 0 && key.All(char.IsAsciiDigit);
            if (key.Length >= 3 && (!digitsOnly || key.Length >= MinimumDigits))
            {
                AddKey(key);
            }
            else if (digitsOnly && key.Length == MinimumDigits - 1 && !IsOneDigitRepeated(key))
            {
                ShortNumbers.Add(key);
            }

            // Each run of digits on its own ("AB12-3456789" gives 3456789, not only the joined 123456789).
            foreach (var token in Folding.TokensOf(one))
            {
                AddDigitRuns(token);
            }

            AddDigitRuns(key);
        }
    }

    /// <summary>
    /// A phrase such as an institution, a department, an address, a station or a place: the whole, each of its parts, and
    /// each of its words that names this one rather than any such place (four letters or more, not a word of the
    /// standard's keywords nor one every address has: "Bemuxita" of "Bemuxita Infirmary", the street of an address),
    /// with its long runs of digits.
    /// </summary>
    private void MakePhrase(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            AddLongKey(Folding.Key(one));
            foreach (var part in one.Split(['^', ',', ';', '\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                AddLongKey(Folding.Key(part));
            }

            foreach (var word in Folding.TokensOf(one))
            {
                if (char.IsAsciiDigit(word[0]))
                {
                    AddDigitRuns(word);
                }
                else if (word.Length >= 4 && !PlaceWords.Contains(word) && !MakerWords.Contains(word) && !DicomVocabulary.Contains(word))
                {
                    AddKey(word);
                    PlaceWordKeys.Add(word);
                }
            }
        }
    }

    /// <summary>A phone number: its digits together, and each long run of them.</summary>
    private void MakePhone(string value)
    {
        foreach (var one in value.Split('\\'))
        {
            var tokens = Folding.TokensOf(one).Where(t => char.IsAsciiDigit(t[0])).ToList();
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
                    DigitRuns.Add(run);
                    AddKey(run);

                    // The same number written without its leading zeros (001320159 as 1320159).
                    var significant = run.TrimStart('0');
                    if (significant.Length >= MinimumDigits && significant.Length < run.Length && !IsOneDigitRepeated(significant))
                    {
                        DigitRuns.Add(significant);
                        AddKey(significant);
                    }
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

    /// <summary>The needles one value gives.</summary>
    internal sealed record Expansion(string[] Keys, string[] Runs, string[] NameWords, string[] PlaceWords, string[] ShortNumbers);
}
