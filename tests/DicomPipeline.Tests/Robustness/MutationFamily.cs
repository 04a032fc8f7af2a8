namespace DicomPipeline.Tests.Robustness;

/// <summary>The kinds of corruption that <see cref="MutationVariants"/> builds.</summary>
internal enum MutationFamily
{
    /// <summary>Sequences nested 10,000 deep (undefined lengths, defined lengths, or undefined-length UN).</summary>
    DeepNesting,

    /// <summary>Undefined-length items, sequences or fragment sequences that the data ends inside.</summary>
    UnclosedItem,

    /// <summary>One length field of a real file set to 0, an odd value, 0xFFFFFFFF or past the end of the data.</summary>
    LengthAtBoundary,
}
