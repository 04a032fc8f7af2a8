using System.Globalization;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Every common spelling of a date, folded (<see cref="FoldedText"/>): numeric with year-first, day-first and month-first
/// orders, with and without leading zeros, four- and two-digit years; and with the month's name in English, German and
/// French, English ordinals included ("March 2nd, 1961", "the 2nd of March 1961").
/// </summary>
internal static class DateSpellings
{
    /// <summary>The months' names and abbreviations in English, German and French, folded, January first.</summary>
    internal static readonly string[][] MonthNames =
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

    /// <summary>Adds the spellings of <paramref name="date"/> to <paramref name="needles"/>.</summary>
    public static void AddTo(IdentifierNeedleBuilder needles, DateOnly date)
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
                needles.AddKey(yyyy + month + day);
                foreach (var year in new[] { yyyy, yy })
                {
                    AddNumeric(needles, day + month + year);
                    AddNumeric(needles, month + day + year);
                }
            }
        }

        AddNumeric(needles, yy + mm + dd);
        needles.AddDigitRunOnly(yyyy + mm + dd);
        needles.AddDigitRunOnly(dd + mm + yyyy);
        needles.AddDigitRunOnly(mm + dd + yyyy);

        // With the month's name: "2 March 1961", "March 2, 1961", "2. März 61", "1961-Mar-02"…
        foreach (var name in MonthNames[date.Month - 1])
        {
            foreach (var day in new[] { dd, d })
            {
                foreach (var year in new[] { yyyy, yy })
                {
                    needles.AddKey(day + name + year);
                    needles.AddKey(name + day + year);
                    needles.AddKey(year + name + day);

                    // English ordinals: "March 2nd, 1961", "the 2nd of March 1961".
                    var ordinal = day + OrdinalSuffix(date.Day);
                    needles.AddKey(name + ordinal + year);
                    needles.AddKey(ordinal + name + year);
                    needles.AddKey(ordinal + "OF" + name + year);
                }
            }
        }
    }

    private static string OrdinalSuffix(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "TH",
        _ => (day % 10) switch { 1 => "ST", 2 => "ND", 3 => "RD", _ => "TH" },
    };

    private static void AddNumeric(IdentifierNeedleBuilder needles, string key)
    {
        // Six digits or more: shorter numbers are everywhere.
        if (key.Length >= 6)
        {
            needles.AddKey(key);
        }
    }
}
