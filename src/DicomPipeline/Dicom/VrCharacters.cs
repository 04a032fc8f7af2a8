using System.Buffers;

namespace DicomPipeline.Dicom;

/// <summary>
/// Which characters each string VR of restricted repertoire allows (PS3.5 6.2): a value with any other character is not
/// what it claims to be. The anonymizer does not keep such a value as it is, and verify flags one in its output: the
/// standard's table, shared; each side's decision about it is its own. Trailing NUL padding is tolerated, as readers do.
/// </summary>
internal static class VrCharacters
{
    private static readonly SearchValues<byte> Date = SearchValues.Create("0123456789-\\ "u8);
    private static readonly SearchValues<byte> DateTime = SearchValues.Create("0123456789-+.\\ "u8);
    private static readonly SearchValues<byte> Time = SearchValues.Create("0123456789.:-\\ "u8);
    private static readonly SearchValues<byte> Uid = SearchValues.Create("0123456789.\\"u8);
    private static readonly SearchValues<byte> Age = SearchValues.Create("0123456789DWMY\\ "u8);
    private static readonly SearchValues<byte> Integer = SearchValues.Create("0123456789+-\\ "u8);
    private static readonly SearchValues<byte> Decimal = SearchValues.Create("0123456789+-.eE\\ "u8);
    private static readonly SearchValues<byte> Code = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_\\ "u8);

    /// <summary>Whether every byte of the value is allowed by <paramref name="vr"/>; true for VRs without a restricted repertoire.</summary>
    public static bool AreValid(DicomVR vr, ReadOnlySpan<byte> value)
    {
        var allowed = vr == DicomVR.CS ? Code
            : vr == DicomVR.DS ? Decimal
            : vr == DicomVR.IS ? Integer
            : vr == DicomVR.UI ? Uid
            : vr == DicomVR.DA ? Date
            : vr == DicomVR.TM ? Time
            : vr == DicomVR.DT ? DateTime
            : vr == DicomVR.AS ? Age
            : null;
        if (allowed is null && vr != DicomVR.AE)
        {
            return true;
        }

        var end = value.Length;
        while (end > 0 && value[end - 1] == 0)
        {
            end--;
        }

        // AE: any character but the controls (PS3.5 6.2).
        return allowed is null
            ? value[..end].IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && !value[..end].Contains((byte)0x7F)
            : !value[..end].ContainsAnyExcept(allowed);
    }
}
