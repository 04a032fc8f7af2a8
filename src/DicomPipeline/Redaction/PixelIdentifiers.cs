using System.Globalization;

namespace DicomPipeline.Redaction;

/// <summary>
/// The identifiers of one instance to look for in its pixels, in normal form (upper case, letters and digits): the
/// values the de-identification sweep looks for in text, gathered by the anonymizer from the dataset before it is
/// de-identified, and dates also in the spellings screens use (3 MAR 1961, MAR 03 1961, 03/03/61).
/// </summary>
internal sealed class PixelIdentifiers
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private PixelIdentifiers(IReadOnlySet<string> normalForms)
    {
        NormalForms = normalForms;
    }

    /// <summary>The identifiers in normal form (upper case, letters and digits).</summary>
    public IReadOnlySet<string> NormalForms { get; }

    /// <summary>The identifiers, given in normal form (upper case letters and digits).</summary>
    public static PixelIdentifiers FromNormalForms(IEnumerable<string> forms) => new(new HashSet<string>(forms, StringComparer.Ordinal));

    /// <summary>Adds the spellings screens use for the dates of a DA or DT value (several values joined with <c>\</c>).</summary>
    public static void AddScreenDates(string value, ISet<string> forms)
    {
        foreach (var one in value.Split('\\', '-'))
        {
            var trimmed = one.Trim();
            if (trimmed.Length < 8 || !DateOnly.TryParseExact(trimmed[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                continue;
            }

            var month = Months[date.Month - 1];
            var day = date.Day.ToString("00", CultureInfo.InvariantCulture);
            var shortDay = date.Day.ToString(CultureInfo.InvariantCulture);
            var year = date.Year.ToString("0000", CultureInfo.InvariantCulture);
            var shortYear = year[2..];
            var mm = date.Month.ToString("00", CultureInfo.InvariantCulture);
            forms.Add(day + month + year);
            forms.Add(shortDay + month + year);
            forms.Add(month + day + year);
            forms.Add(month + shortDay + year);
            forms.Add(year + month + day);
            // Two-digit years: six digits, still specific enough on a screen next to other identifiers.
            forms.Add(day + mm + shortYear);
            forms.Add(mm + day + shortYear);
            forms.Add(shortYear + mm + day);
        }
    }
}
