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

    /// <summary>
    /// Text people write (comments, notes, names, addresses, identifiers): replaced by the dummy (valid where the attribute
    /// is Type 1; an empty value stays empty, a URL becomes empty); cleaned in items the Clean options keep.
    /// </summary>
    Remove,
}
