namespace DicomPipeline.Anonymization;

/// <summary>What a site rule (<see cref="AnonymizationRule"/>) does with the attributes it matches.</summary>
public enum AnonymizationRuleAction
{
    /// <summary>Keep the value as it is (a sequence's items are still de-identified).</summary>
    Keep,

    /// <summary>Remove the attribute.</summary>
    Remove,

    /// <summary>A zero-length value; a sequence with no items.</summary>
    Empty,

    /// <summary>A dummy value consistent with the VR (as the profile's D); an empty value stays empty.</summary>
    Dummy,

    /// <summary>Replace the value with <see cref="AnonymizationRule.Value"/> (string VRs only).</summary>
    Replace,

    /// <summary>Remap every UID consistently, as the profile's U (VR UI only).</summary>
    RemapUid,

    /// <summary>Shift the date by the patient's offset, as the Modified Dates option does (VR DA or DT only).</summary>
    ShiftDate,

    /// <summary>Replace the value with 16 hexadecimal digits of HMAC-SHA-256(secret, value): equal values stay equal (string VRs only).</summary>
    Hash,
}
