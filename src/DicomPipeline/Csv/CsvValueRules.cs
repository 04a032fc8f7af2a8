using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DicomPipeline.Dicom;

namespace DicomPipeline.Csv;

/// <summary>
/// Checks a CSV value against the VR and value multiplicity of the attribute it is written to (PS3.5 6.2). Reasons
/// name the rule broken, never the value.
/// </summary>
internal static partial class CsvValueRules
{
    /// <summary>Control characters no VR allows (text VRs allow some; see <see cref="TextControls"/>).</summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>Control characters ST, LT and UT do not allow (they allow TAB, LF, FF and CR).</summary>
    private static readonly SearchValues<char> TextControls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>The reason <paramref name="value"/> (not empty) cannot be written to <paramref name="attribute"/>, or null when it can.</summary>
    public static string? Check(string value, CsvAttribute attribute)
    {
        var vr = attribute.VR;
        if (!vr.IsMultiValuedString)
        {
            return CheckValue(value, vr);
        }

        var count = value.AsSpan().Count('\\') + 1;
        if (count > attribute.MaxValues)
        {
            return attribute.MaxValues == 1
                ? $"contains a backslash, but {attribute.Keyword} takes one value"
                : string.Create(CultureInfo.InvariantCulture, $"has {count} values (backslash-separated), but {attribute.Keyword} takes at most {attribute.MaxValues}");
        }

        if (count < attribute.MinValues)
        {
            return string.Create(CultureInfo.InvariantCulture, $"has {count} values, but {attribute.Keyword} takes at least {attribute.MinValues}");
        }

        foreach (var range in value.AsSpan().Split('\\'))
        {
            var reason = CheckValue(value[range], vr);
            if (reason is not null)
            {
                return count == 1 ? reason : "has a value that " + reason;
            }
        }

        return null;
    }

    private static string? CheckValue(string value, DicomVR vr)
    {
        var allowed = vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT ? TextControls : Controls;
        if (value.AsSpan().ContainsAny(allowed))
        {
            return $"contains a control character, which VR {vr} does not allow";
        }

        if (!vr.UsesSpecificCharacterSet && !Ascii.IsValid(value))
        {
            return $"contains a character outside ASCII, which VR {vr} does not allow";
        }

        if (vr == DicomVR.PN)
        {
            return CheckPersonName(value);
        }

        var trimmed = value.Trim(' ');
        var formatReason = vr.Code switch
        {
            "AS" => AgeString().IsMatch(value) ? null : "is not an age string of the form nnnD, nnnW, nnnM or nnnY (VR AS)",
            "CS" => CodeString().IsMatch(value) ? null : "is not a code string: only A-Z, 0-9, space and underscore (VR CS)",
            "DA" => IsDate(value) ? null : "is not a date of the form YYYYMMDD (VR DA)",
            "DS" => DecimalString().IsMatch(trimmed) ? null : "is not a decimal number (VR DS)",
            "DT" => IsDateTime(trimmed) ? null : "is not a date-time of the form YYYYMMDDHHMMSS.FFFFFF&ZZXX (VR DT)",
            "IS" => int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null
                : "is not an integer between -2^31 and 2^31-1 (VR IS)",
            "TM" => Time().IsMatch(trimmed) ? null : "is not a time of the form HHMMSS.FFFFFF (VR TM)",
            "UI" => Uid().IsMatch(value) ? null : "is not a UID: digits in components separated by periods, no leading zeros (VR UI)",
            "UR" => value.Contains(' ', StringComparison.Ordinal) ? "contains a space, which VR UR does not allow" : null,
            _ => null,
        };
        if (formatReason is not null)
        {
            return formatReason;
        }

        return Length(value) > vr.MaxLength
            ? string.Create(CultureInfo.InvariantCulture, $"is longer than the {vr.MaxLength} characters VR {vr} allows")
            : null;
    }

    /// <summary>At most three component groups (alphabetic, ideographic, phonetic) of at most 64 characters and five components each.</summary>
    private static string? CheckPersonName(string value)
    {
        var groups = 0;
        foreach (var range in value.AsSpan().Split('='))
        {
            if (++groups > 3)
            {
                return "has more than three component groups separated by '=' (VR PN)";
            }

            var group = value.AsSpan()[range];
            if (Length(group.ToString()) > 64)
            {
                return "has a component group longer than the 64 characters VR PN allows";
            }

            if (group.Count('^') > 4)
            {
                return "has more than five components separated by '^' (VR PN)";
            }
        }

        return null;
    }

    /// <summary>The length in characters (a character outside the BMP counts once).</summary>
    private static int Length(string value)
    {
        var length = value.Length;
        foreach (var c in value)
        {
            if (char.IsLowSurrogate(c))
            {
                length--;
            }
        }

        return length;
    }

    private static bool IsDate(string value) =>
        value.Length == 8 && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsDateTime(string value)
    {
        var match = DateTime().Match(value);
        if (!match.Success)
        {
            return false;
        }

        // Check whatever parts are present for range: month 01-12, day valid in its month, hour 00-23, minute 00-59, second 00-60.
        var digits = match.Groups["digits"].Value;
        var padded = digits.Length >= 8 ? digits[..8] : digits + "00010101"[digits.Length..];
        if (!DateOnly.TryParseExact(padded, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        return (digits.Length < 10 || int.Parse(digits.AsSpan(8, 2), CultureInfo.InvariantCulture) <= 23)
            && (digits.Length < 12 || int.Parse(digits.AsSpan(10, 2), CultureInfo.InvariantCulture) <= 59)
            && (digits.Length < 14 || int.Parse(digits.AsSpan(12, 2), CultureInfo.InvariantCulture) <= 60);
    }

    [GeneratedRegex("^[0-9]{3}[DWMY]$", RegexOptions.CultureInvariant)]
    private static partial Regex AgeString();

    [GeneratedRegex("^[A-Z0-9 _]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeString();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalString();

    [GeneratedRegex(@"^(?<digits>[0-9]{4}(?:[0-9]{2}){0,5})(?:(?<=^[0-9]{14})\.[0-9]{1,6})?(?:[+-][0-9]{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^(?:[01][0-9]|2[0-3])(?:[0-5][0-9](?:(?:[0-5][0-9]|60)(?:\.[0-9]{1,6})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    [GeneratedRegex(@"^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*$", RegexOptions.CultureInvariant)]
    private static partial Regex Uid();
}
