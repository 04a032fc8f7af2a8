using System.Buffers;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// The identifying values of one instance in the folded form of <see cref="FoldedText"/>: the needles that no kept
/// value may hold. A kept value holds one when a run of its adjacent tokens, folded, equals a needle, when one of its
/// words is a name word with a short ending, or when one of its digit tokens contains a needle's run of digits.
/// </summary>
/// <remarks>
/// The needles of the names, IDs, dates, phrases and phones (<see cref="IdentifierNeedleBuilder"/>) are made once per
/// combination of values and shared by the files that repeat it (<see cref="NeedleSet"/>); the UIDs, which differ in
/// every file, are this instance's own.
/// </remarks>
internal sealed class IdentifierNeedles
{
    /// <summary>How many adjacent tokens of a kept value are joined at most to compare with a needle.</summary>
    private const int MaximumTokens = 10;

    private static readonly SearchValues<byte> UidCharacters = SearchValues.Create("0123456789."u8);

    private readonly NeedleSet _set;
    private readonly HashSet<ReadOnlyMemory<byte>> _uids = new(UidComparer.Instance);
    private readonly HashSet<ReadOnlyMemory<byte>>.AlternateLookup<ReadOnlySpan<byte>> _uidLookup;
    private readonly HashSet<string> _uidKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _uidKeyLookup;
    private int _shortest;
    private int _shortestDigits;
    private int _shortestUidKey = int.MaxValue;
    private int _longestUidKey;

    private IdentifierNeedles(NeedleSet set)
    {
        _set = set;
        _uidLookup = _uids.GetAlternateLookup<ReadOnlySpan<byte>>();
        _uidKeyLookup = _uidKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        _shortest = set.ShortestNeedle;
        _shortestDigits = set.ShortestDigitNeedle;
    }

    /// <summary>Whether there is nothing to look for.</summary>
    public bool IsEmpty => _set.IsEmpty && _uids.Count == 0;

    /// <summary>How many needles there are (for tests and diagnostics).</summary>
    public int Count => _set.Keys.Count + _set.DigitRuns.Length + _uids.Count + _uidKeys.Count;

    /// <summary>The needles of <paramref name="set"/> (names, IDs, dates…) and <paramref name="uids"/> (the instance's UIDs the registry does not define, each trimmed).</summary>
    public static IdentifierNeedles Create(NeedleSet set, IReadOnlyList<ReadOnlyMemory<byte>> uids, FoldedText folding)
    {
        var needles = new IdentifierNeedles(set);
        foreach (var uid in uids)
        {
            needles.AddUid(uid, folding);
        }

        return needles;
    }

    /// <summary>Whether <paramref name="uid"/> (one value, trimmed, as bytes) is one of the instance's own UIDs.</summary>
    public bool IsOwnUid(ReadOnlySpan<byte> uid) => _uidLookup.Contains(uid);

    /// <summary>
    /// The fewest characters an ASCII value of <paramref name="vr"/> (valid for its VR) must have to hold a needle: a
    /// number, date or time folds to digits alone, which only needles of digits can equal.
    /// </summary>
    public int ShortestMatch(DicomVR vr) =>
        vr == DicomVR.IS || vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT ? _shortestDigits : _shortest;

    /// <summary>
    /// Adds to <paramref name="hits"/> the ranges of <see cref="FoldedText.Chars"/> that hold a needle; true when there
    /// is at least one.
    /// </summary>
    /// <param name="text">The folded value.</param>
    /// <param name="hits">Where to add the hits, or <see langword="null"/> to stop at the first.</param>
    /// <param name="codedString">A CS value: a single word of the standard's vocabulary (<see cref="DicomVocabulary"/>) is the code it names.</param>
    /// <param name="minimumLength">The shortest match that counts: binary values decoded as text are noise in which short words appear by chance.</param>
    /// <param name="wordText">Free text (LO, SH, ST, LT, UT, UC), where a four-digit ID is looked for as a whole word.</param>
    public bool FindIn(FoldedText text, List<(int Start, int End)>? hits, bool codedString = false, int minimumLength = 0, bool wordText = false)
    {
        if (text.Length < _shortest || text.Length < minimumLength)
        {
            return false;
        }

        var found = false;
        var chars = text.Chars;
        var tokens = text.TokenCount;
        var keys = _set.KeyLookup;
        var hasUidKeys = _uidKeys.Count > 0;
        var nameWords = _set.NameWords.Count > 0;
        var runs = _set.DigitRuns;

        // A run of tokens is only looked up when some needle has its length, and no longer than the longest.
        var longest = Math.Max(_set.LongestKey, _longestUidKey);
        for (var i = 0; i < tokens; i++)
        {
            var start = text.TokenStart(i);
            var last = Math.Min(tokens, i + MaximumTokens);
            for (var j = i; j < last; j++)
            {
                var end = text.TokenEnd(j);
                var length = end - start;
                if (length > longest)
                {
                    break;
                }

                if (length < minimumLength)
                {
                    continue;
                }

                var run = chars[start..end];
                if (((_set.MayHoldKey(length, chars[start]) && keys.Contains(run))
                        || (hasUidKeys && length >= _shortestUidKey && length <= _longestUidKey && _uidKeyLookup.Contains(run)))
                    && !(codedString && j == i && (DicomVocabulary.Contains(run) || (_set.PlaceWordLookup.Contains(run) && !_set.NameWordLookup.Contains(run)))))
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

            // A four-digit ID, as a word of its own in free text ("ref 5299"), not inside a longer number.
            if (wordText && tokenEnd - start == IdentifierNeedleBuilder.MinimumDigits - 1 && char.IsAsciiDigit(chars[start])
                && _set.ShortNumbers.Count > 0 && _set.ShortNumberLookup.Contains(chars[start..tokenEnd]))
            {
                found = true;
                if (hits is null)
                {
                    return true;
                }

                hits.Add((start, tokenEnd));
            }

            // A name word with a short ending: "Müllers", "Jurgens", "Jürgen's" (the apostrophe splits that one anyway).
            if (nameWords && tokenEnd - start >= Math.Max(5, minimumLength + 1) && !char.IsAsciiDigit(chars[start])
                && !(codedString && DicomVocabulary.Contains(chars[start..tokenEnd])))
            {
                for (var cut = 1; cut <= 2 && tokenEnd - cut - start >= 4; cut++)
                {
                    if (_set.NameWordLookup.Contains(chars[start..(tokenEnd - cut)]))
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

            // A long name word glued to another word: "KneeQuenbyluk", "QuenbylukThorax", "QUENBYLUKOVA".
            if (_set.GluedNameWords.Length > 0 && tokenEnd - start > NeedleSet.ShortestGluedName && !char.IsAsciiDigit(chars[start])
                && HoldsGluedName(chars[start..tokenEnd], codedString))
            {
                found = true;
                if (hits is null)
                {
                    return true;
                }

                hits.Add((start, tokenEnd));
            }

            if (runs.Length > 0 && tokenEnd - start > IdentifierNeedleBuilder.MinimumDigits && char.IsAsciiDigit(chars[start]))
            {
                var token = chars[start..tokenEnd];
                foreach (var digits in runs)
                {
                    if (digits.Length < minimumLength)
                    {
                        continue;
                    }

                    var at = token.IndexOf(digits.AsSpan());
                    if (at >= 0)
                    {
                        found = true;
                        if (hits is null)
                        {
                            return true;
                        }

                        hits.Add((start + at, start + at + digits.Length));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Whether a word longer than a long name word holds one inside it (a word of the standard's keywords does not count in a code).</summary>
    private bool HoldsGluedName(ReadOnlySpan<char> token, bool codedString)
    {
        foreach (var name in _set.GluedNameWords)
        {
            if (token.Length > name.Length && token.IndexOf(name.AsSpan(), StringComparison.Ordinal) >= 0)
            {
                return !(codedString && DicomVocabulary.Contains(token));
            }
        }

        return false;
    }

    /// <summary>A UID of the instance that the registry does not define (one value, trimmed).</summary>
    private void AddUid(ReadOnlyMemory<byte> uid, FoldedText folding)
    {
        if (!_uids.Add(uid))
        {
            return;
        }

        // A UID of digits and dots folds to its digits: made so without folding it (the rest, rare, folds as text).
        var bytes = uid.Span;
        string key;
        if (bytes.ContainsAnyExcept(UidCharacters))
        {
            key = folding.Key(Encoding.Latin1.GetString(bytes));
        }
        else
        {
            var digits = bytes.Length - bytes.Count((byte)'.');
            key = digits < 12 ? string.Empty : string.Create(digits, uid, static (chars, value) =>
            {
                var n = 0;
                foreach (var b in value.Span)
                {
                    if (b != (byte)'.')
                    {
                        chars[n++] = (char)b;
                    }
                }
            });
        }

        if (key.Length >= 12 && IdentifierNeedleBuilder.IsNeedle(key))
        {
            _uidKeys.Add(key);
            _shortest = Math.Min(_shortest, key.Length);
            _shortestUidKey = Math.Min(_shortestUidKey, key.Length);
            _longestUidKey = Math.Max(_longestUidKey, key.Length);
            if (!key.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                _shortestDigits = Math.Min(_shortestDigits, key.Length);
            }
        }
    }

    /// <summary>UIDs compared by their bytes, looked up by span.</summary>
    private sealed class UidComparer : IEqualityComparer<ReadOnlyMemory<byte>>, IAlternateEqualityComparer<ReadOnlySpan<byte>, ReadOnlyMemory<byte>>
    {
        public static UidComparer Instance { get; } = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj) => GetHashCode(obj.Span);

        public bool Equals(ReadOnlySpan<byte> alternate, ReadOnlyMemory<byte> other) => alternate.SequenceEqual(other.Span);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            // The last bytes of a UID differ most between instances; its length and last eight bytes are enough to spread them.
            var hash = (uint)alternate.Length;
            var tail = alternate[Math.Max(0, alternate.Length - 8)..];
            foreach (var b in tail)
            {
                hash = (hash * 31) + b;
            }

            return (int)hash;
        }

        public ReadOnlyMemory<byte> Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
