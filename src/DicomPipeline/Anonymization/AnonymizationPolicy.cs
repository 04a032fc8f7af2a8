namespace DicomPipeline.Anonymization;

/// <summary>Which attributes may survive de-identification at all (see docs/anonymization.md).</summary>
public enum AnonymizationPolicy
{
    /// <summary>
    /// The Basic Application Level Confidentiality Profile with its options, and the safe-by-default layer for every
    /// attribute Table E.1-1 does not list: unknown attributes removed, names, dates and UIDs replaced, free text by its
    /// reviewed class.
    /// </summary>
    Basic,

    /// <summary>
    /// As <see cref="Basic"/>, then only the attributes on the published keep-list (pixel description, geometry, acquisition
    /// technique, modality, SOP class, the remapped UIDs, multi-frame and SR structure, the de-identification attributes)
    /// and those an option keeps survive; everything else is removed.
    /// </summary>
    Strict,
}
