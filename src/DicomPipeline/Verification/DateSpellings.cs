using System.Globalization;

namespace DicomPipeline.Verification;

/// <summary>
/// The ways a date is commonly written, normalised as <see cref="TextTokens.Normalize"/> normalises text (letters and
/// digits only, folded), so that one hash lookup finds "1961-03-02", "02.03.1961", "3/2/61", "2. März 1961",
/// "March 2nd, 1961" and "2 mars 1961" alike.
/// </summary>
internal static class DateSpellings
{
    /// <summary>A spelling made only of digits must have at least this many: "2.3.61" (2361) would match any number.</summary>
    public const int MinimumDigits = 6;

    // Month names and their usual abbreviations, already folded (März -> marz, février -> fevrier), index 0 = January:
    // English, German (and Austrian Jänner) and French.
    private static readonly string[][] MonthNames =
    [
        ["january", "jan", "januar", "janner", "janvier", "janv"],
        ["february", "feb", "februar", "feber", "fevrier", "fevr", "fev"],
        ["march", "mar", "marz", "mrz", "mars"],
        ["april", "apr", "avril", "avr"],
        ["may", "mai"],
        ["june", "jun", "juni", "juin"],
        ["july", "jul", "juli", "juillet", "juil"],
        ["august", "aug", "aout"],
        ["september", "sep", "sept", "septembre"],
        ["october", "oct", "oktober", "okt", "octobre"],
        ["november", "nov", "novembre"],
        ["december", "dec", "dezember", "dez", "decembre"],
    ];

    /// <summary>Every spelling of <paramref name="date"/>, normalised, without duplicates.</summary>
    public static IReadOnlyCollection<string> Of(DateOnly date)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        var days = new[] { Two(date.Day), One(date.Day) };
        var months = new[] { Two(date.Month), One(date.Month) };
        var years = new[] { date.Year.ToString("D4", CultureInfo.InvariantCulture), Two(date.Year % 100) };
        foreach (var d in days)
        {
            foreach (var m in months)
            {
                foreach (var y in years)
                {
                    AddNumeric(spellings, y + m + d);
                    AddNumeric(spellings, d + m + y);
                    AddNumeric(spellings, m + d + y);
                }
            }
        }

        // With the month's name: 2 March 1961, March 2nd 1961, 1961 Mar 02, 1er mars 1961, 02-Mär-61.
        var namedDays = new List<string>(days) { One(date.Day) + OrdinalSuffix(date.Day) };
        if (date.Day == 1)
        {
            namedDays.Add("1er");
        }

        foreach (var name in MonthNames[date.Month - 1])
        {
            foreach (var d in namedDays)
            {
                foreach (var y in years)
                {
                    spellings.Add(d + name + y);
                    spellings.Add(name + d + y);
                    spellings.Add(y + name + d);
                }
            }
        }

        return spellings;
    }

    private static void AddNumeric(HashSet<string> spellings, string digits)
    {
        if (digits.Length >= MinimumDigits)
        {
            spellings.Add(digits);
        }
    }

    private static string Two(int value) => value.ToString("D2", CultureInfo.InvariantCulture);

    private static string One(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string OrdinalSuffix(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    };
}
