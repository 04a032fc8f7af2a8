using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>
/// Which characters each string VR of restricted repertoire allows (PS3.5 6.2): a value with any other character is not
/// what it claims to be, and is not kept as it is. Trailing NUL padding is tolerated, as readers do.
/// </summary>
internal static class VrCharacters
{
    /// <summary>Whether every byte of the value is allowed by <paramref name="vr"/>; true for VRs without a restricted repertoire.</summary>
    public static bool AreValid(DicomVR vr, ReadOnlySpan<byte> value)
    {
        var allowed = vr.Code switch
        {
            "DA" => "0123456789-\\ ",
            "DT" => "0123456789-+.\\ ",
            "TM" => "0123456789.:-\\ ",
            "UI" => "0123456789.\\",
            "AS" => "0123456789DWMY\\ ",
            "IS" => "0123456789+-\\ ",
            "DS" => "0123456789+-.eE\\ ",
            "CS" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_\\ ",
            "AE" => null,
            _ => string.Empty,
        };
        if (allowed is { Length: 0 })
        {
            return true;
        }

        var end = value.Length;
        while (end > 0 && value[end - 1] == 0)
        {
            end--;
        }

        foreach (var b in value[..end])
        {
            if (allowed is null ? b < 0x20 || b == 0x7F : allowed.IndexOf((char)b, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
