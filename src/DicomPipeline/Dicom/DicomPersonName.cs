namespace DicomPipeline.Dicom;

/// <summary>
/// A person name (VR PN): up to three component groups (alphabetic, ideographic, phonetic) separated by <c>=</c>,
/// each with family, given, middle, prefix and suffix separated by <c>^</c>.
/// </summary>
/// <param name="Alphabetic">The alphabetic group, e.g. "Doe^Jane".</param>
/// <param name="Ideographic">The ideographic group, or empty.</param>
/// <param name="Phonetic">The phonetic group, or empty.</param>
public sealed record DicomPersonName(string Alphabetic, string Ideographic = "", string Phonetic = "")
{
    /// <summary>The family name of the alphabetic group.</summary>
    public string FamilyName => Component(0);

    /// <summary>The given name of the alphabetic group.</summary>
    public string GivenName => Component(1);

    /// <summary>The middle name of the alphabetic group.</summary>
    public string MiddleName => Component(2);

    /// <summary>The name prefix of the alphabetic group.</summary>
    public string NamePrefix => Component(3);

    /// <summary>The name suffix of the alphabetic group.</summary>
    public string NameSuffix => Component(4);

    /// <summary>Parses a PN value (one value; no backslash).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static DicomPersonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.Split('=');
        return new DicomPersonName(
            groups[0],
            groups.Length > 1 ? groups[1] : string.Empty,
            groups.Length > 2 ? groups[2] : string.Empty);
    }

    /// <summary>The PN value: the groups joined by <c>=</c>, trailing empty groups left out.</summary>
    /// <returns>The encoded value.</returns>
    public override string ToString()
    {
        if (Phonetic.Length > 0)
        {
            return $"{Alphabetic}={Ideographic}={Phonetic}";
        }

        return Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
    }

    private string Component(int index)
    {
        var parts = Alphabetic.Split('^');
        return index < parts.Length ? parts[index] : string.Empty;
    }
}
