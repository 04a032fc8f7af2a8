using System.Globalization;

namespace DicomPipeline.Networking;

/// <summary>What a DIMSE status code means for one instance.</summary>
internal enum DimseStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}

/// <summary>
/// The status codes of a C-STORE or C-ECHO response, in one table: PS3.7 Annex C (general statuses) and PS3.4 Annex B.2.3
/// (Storage Service Class). Codes with "xx" stand for a family: any low byte.
/// </summary>
internal readonly record struct DimseStatus(ushort Code)
{
    private static readonly (ushort Code, ushort Mask, DimseStatusCategory Category, string Meaning)[] Table =
    [
        (0x0000, 0xFFFF, DimseStatusCategory.Success, "success"),
        (0xB000, 0xFFFF, DimseStatusCategory.Warning, "coercion of data elements"),
        (0xB006, 0xFFFF, DimseStatusCategory.Warning, "elements discarded"),
        (0xB007, 0xFFFF, DimseStatusCategory.Warning, "data set does not match SOP class"),
        (0x0107, 0xFFFF, DimseStatusCategory.Warning, "attribute list error"),
        (0x0116, 0xFFFF, DimseStatusCategory.Warning, "attribute value out of range"),
        (0xA700, 0xFF00, DimseStatusCategory.Failure, "refused: out of resources"),
        (0xA900, 0xFF00, DimseStatusCategory.Failure, "error: data set does not match SOP class"),
        (0xC000, 0xF000, DimseStatusCategory.Failure, "error: cannot understand"),
        (0x0110, 0xFFFF, DimseStatusCategory.Failure, "processing failure"),
        (0x0111, 0xFFFF, DimseStatusCategory.Failure, "duplicate SOP instance"),
        (0x0117, 0xFFFF, DimseStatusCategory.Failure, "invalid object instance"),
        (0x0122, 0xFFFF, DimseStatusCategory.Failure, "refused: SOP class not supported"),
        (0x0124, 0xFFFF, DimseStatusCategory.Failure, "refused: not authorized"),
        (0x0210, 0xFFFF, DimseStatusCategory.Failure, "duplicate invocation"),
        (0x0211, 0xFFFF, DimseStatusCategory.Failure, "unrecognized operation"),
        (0x0212, 0xFFFF, DimseStatusCategory.Failure, "mistyped argument"),
        (0x0213, 0xFFFF, DimseStatusCategory.Failure, "resource limitation"),
        (0xFE00, 0xFFFF, DimseStatusCategory.Cancel, "cancelled"),
        (0xFF00, 0xFFFF, DimseStatusCategory.Pending, "pending"),
        (0xFF01, 0xFFFF, DimseStatusCategory.Pending, "pending (optional keys not supported)"),
    ];

    public static DimseStatus Success { get; } = new(0x0000);

    /// <summary>The code's category; an unknown code in the warning range (Bxxx) is a warning, any other unknown code a failure.</summary>
    public DimseStatusCategory Category => Find()?.Category ?? ((Code & 0xF000) == 0xB000 ? DimseStatusCategory.Warning : DimseStatusCategory.Failure);

    /// <summary>Whether the peer kept the instance (success or a warning).</summary>
    public bool IsStored => Category is DimseStatusCategory.Success or DimseStatusCategory.Warning;

    /// <summary>Duplicate SOP instance (0111H): the peer already holds it.</summary>
    public bool IsDuplicate => Code == 0x0111;

    /// <summary>Whether the failure is the peer being short of resources for now, so sending again later may succeed.</summary>
    public bool IsTransient => (Code & 0xFF00) == 0xA700 || Code == 0x0213;

    /// <summary>For example "status A701H (refused: out of resources)".</summary>
    public override string ToString() =>
        "status " + Code.ToString("X4", CultureInfo.InvariantCulture) + "H (" + (Find()?.Meaning ?? "not in PS3.7") + ")";

    private (ushort Code, ushort Mask, DimseStatusCategory Category, string Meaning)? Find()
    {
        foreach (var row in Table)
        {
            if ((Code & row.Mask) == row.Code)
            {
                return row;
            }
        }

        return null;
    }
}
