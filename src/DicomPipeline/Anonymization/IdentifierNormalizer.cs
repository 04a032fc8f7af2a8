using System.Globalization;
using System.Text.RegularExpressions;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The normal form in which the Clean actions look for identifiers in text, so that an identifier written differently
/// is still found: upper case, letters and digits only (case, white space and punctuation do not count); for IDs also
/// their run of four or more digits; for dates the forms YYYYMMDD, DDMMYYYY and MMDDYYYY (which are YYYY-MM-DD,
/// DD.MM.YYYY, DD/MM/YYYY and MM/DD/YYYY once normalised); for person names every component, from three characters in
/// the alphabetic group and from two in the ideographic and phonetic groups.
/// </summary>
/// <remarks>
/// Add the values removed from an instance with <see cref="AddVariants"/>, then test kept text with
/// <see cref="ContainsAny"/>. The rules are stateless and may be shared with a verifier that scans outputs.
/// </remarks>
internal static partial class IdentifierNormalizer
{
    /// <summary>The shortest identifier looked for (shorter ones match too much ordinary text).</summary>
    public const int MinimumLength = 3;

    /// <summary>The shortest name component looked for in the ideographic and phonetic groups of a person name.</summary>
    public const int MinimumIdeographicLength = 2;

    /// <summary>The shortest run of digits of an ID looked for on its own.</summary>
    public const int MinimumDigits = 4;

    /// <summary>Upper case, letters and digits only: "MRN-1234 567" becomes "MRN1234567".</summary>
    public static string Normalize(string text)
    {
        // Most identifiers are already in normal form (IDs, upper-case names): no copy then.
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return NormalizeCopy(text);
            }
        }

        return text;
    }

    private static string NormalizeCopy(string text)
    {
        // Counted first, then written straight into the string: no builder and its buffer for every value collected.
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                length++;
            }
        }

        return string.Create(length, text, static (chars, source) =>
        {
            var n = 0;
            foreach (var c in source)
            {
                if (char.IsLetterOrDigit(c))
                {
                    chars[n++] = char.ToUpperInvariant(c);
                }
            }
        });
    }

    /// <summary>Adds the normal forms of an identifying value to <paramref name="identifiers"/>.</summary>
    /// <param name="value">The value as the dataset holds it (several values joined with <c>\</c>).</param>
    /// <param name="kind">How to read it.</param>
    /// <param name="identifiers">The set of normal forms.</param>
    public static void AddVariants(string value, IdentifierKind kind, ISet<string> identifiers)
    {
        foreach (var range in value.AsSpan().Split('\\'))
        {
            // The value itself when it is one value without padding (most are): no array of parts, no copy.
            var span = value.AsSpan(range).Trim([' ', '\0']);
            if (span.IsEmpty)
            {
                continue;
            }

            var trimmed = span.Length == value.Length ? value : span.ToString();

            switch (kind)
            {
                case IdentifierKind.PersonName:
                    AddPersonName(trimmed, identifiers);
                    break;
                case IdentifierKind.Date:
                    AddDate(trimmed, identifiers);
                    break;
                default:
                    AddText(trimmed, identifiers);
                    break;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/>, normalised, contains any of the normal forms.</summary>
    public static bool ContainsAny(string text, IReadOnlyCollection<string> identifiers)
    {
        if (identifiers.Count == 0 || text.Length == 0)
        {
            return false;
        }

        var normal = Normalize(text);
        foreach (var identifier in identifiers)
        {
            if (normal.Contains(identifier, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddText(string value, ISet<string> identifiers)
    {
        Add(value, MinimumLength, identifiers);
        foreach (var part in value.Split(['^', '='], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            Add(part, MinimumLength, identifiers);
        }

        // The digits of a UID are no ID of the patient (a UID is remapped wherever it appears).
        AddDigitRuns(value.Contains('.', StringComparison.Ordinal) ? UidPattern().Replace(value, " ") : value, identifiers);
    }

    private static void AddPersonName(string value, ISet<string> identifiers)
    {
        var groups = value.Split('=');
        for (var g = 0; g < groups.Length; g++)
        {
            var minimum = g == 0 ? MinimumLength : MinimumIdeographicLength;
            Add(groups[g], minimum, identifiers);
            foreach (var component in groups[g].Split('^', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Add(component, minimum, identifiers);
            }
        }
    }

    private static void AddDate(string value, ISet<string> identifiers)
    {
        // DA, or the date part of DT; a range "A-B" gives both ends.
        foreach (var part in value.Split('-', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length < 8
                || !DateOnly.TryParseExact(part[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                continue;
            }

            identifiers.Add(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            identifiers.Add(date.ToString("ddMMyyyy", CultureInfo.InvariantCulture));
            identifiers.Add(date.ToString("MMddyyyy", CultureInfo.InvariantCulture));
        }
    }

    private static void AddDigitRuns(string value, ISet<string> identifiers)
    {
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var digit = i < value.Length && char.IsAsciiDigit(value[i]);
            if (digit && start < 0)
            {
                start = i;
            }
            else if (!digit && start >= 0)
            {
                if (i - start >= MinimumDigits)
                {
                    identifiers.Add(value[start..i]);
                }

                start = -1;
            }
        }
    }

    private static void Add(string value, int minimum, ISet<string> identifiers)
    {
        var normal = Normalize(value);
        if (normal.Length >= minimum)
        {
            identifiers.Add(normal);
        }
    }

    /// <summary>A UID in text: a root arc 0-2 and at least three more numeric components.</summary>
    [GeneratedRegex(@"(?<![\w.])[0-2](?:\.[0-9]+){3,}", RegexOptions.CultureInvariant)]
    internal static partial Regex UidPattern();
}
