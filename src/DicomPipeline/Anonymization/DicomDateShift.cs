using System.Globalization;

namespace DicomPipeline.Anonymization;

/// <summary>Shifts DA and DT values by whole days, keeping their form; <see langword="null"/> when a value cannot be shifted.</summary>
internal static class DicomDateShift
{
    /// <summary>Shifts a DA value: several values (<c>\</c>) and ranges (<c>-</c>) each shifted; partial dates cannot be.</summary>
    public static string? ShiftDate(string value, int days)
    {
        var values = value.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var parts = values[i].Split('-');
            for (var j = 0; j < parts.Length; j++)
            {
                var part = parts[j].Trim();
                if (part.Length == 0)
                {
                    continue;
                }

                if (!TryShift(part, days, out var shifted))
                {
                    return null;
                }

                parts[j] = shifted;
            }

            values[i] = string.Join('-', parts);
        }

        return string.Join('\\', values);
    }

    /// <summary>Shifts a DT value: the date part (first 8 characters) moves, the time and offset stay.</summary>
    public static string? ShiftDateTime(string value, int days)
    {
        var values = value.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var text = values[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text.Length < 8 || !TryShift(text[..8], days, out var shifted))
            {
                return null;
            }

            values[i] = shifted + text[8..];
        }

        return string.Join('\\', values);
    }

    private static bool TryShift(string yyyymmdd, int days, out string shifted)
    {
        shifted = string.Empty;
        if (yyyymmdd.Length != 8
            || !DateOnly.TryParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        var dayNumber = (long)date.DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            return false;
        }

        shifted = DateOnly.FromDayNumber((int)dayNumber).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return true;
    }
}
