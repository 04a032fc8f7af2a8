namespace DicomPipeline.Anonymization.Sweep;

/// <summary>What an identifying value is, which decides the needles made of it (<see cref="IdentifierNeedleBuilder"/>).</summary>
internal enum NeedleKind
{
    /// <summary>A person name.</summary>
    Name,

    /// <summary>A date (DA, or the date of a DT).</summary>
    Date,

    /// <summary>A telephone number.</summary>
    Phone,

    /// <summary>An institution, department or address phrase.</summary>
    Phrase,

    /// <summary>An ID, number, identifier or locator.</summary>
    Identifier,
}
