namespace DicomPipeline.Anonymization;

/// <summary>What to do with one attribute, after the combined codes and the options are resolved.</summary>
internal enum ProfileAction
{
    /// <summary>K: keep (also every standard attribute the table does not list).</summary>
    Keep,

    /// <summary>X: remove.</summary>
    Remove,

    /// <summary>Z (and X/Z): a zero-length value; a sequence with no items.</summary>
    ZeroLength,

    /// <summary>D (and X/D, Z/D, X/Z/D): a dummy value consistent with the VR; a sequence with one empty item.</summary>
    Dummy,

    /// <summary>C: clean (shift dates, blank text holding an identifier, clean items).</summary>
    Clean,

    /// <summary>U: replace the UID consistently.</summary>
    ReplaceUid,

    /// <summary>X/Z/U*: keep the sequence; the UIDs in its items are replaced by their own rows.</summary>
    ReplaceUidsWithin,
}
