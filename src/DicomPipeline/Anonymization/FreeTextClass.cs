namespace DicomPipeline.Anonymization;

/// <summary>
/// The reviewed class of a free-text attribute that Table E.1-1 does not list (eng/deidentification/free-text-attributes.tsv).
/// </summary>
internal enum FreeTextClass
{
    /// <summary>A coded or technical value (code meaning, manufacturer, kernel): kept.</summary>
    Keep,

    /// <summary>Descriptive text: kept unless it repeats an identifier of the instance after normalisation.</summary>
    Clean,

    /// <summary>Text people write (comments, notes, names, addresses, identifiers): removed; cleaned in items the Clean options keep.</summary>
    Remove,
}
