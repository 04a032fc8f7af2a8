namespace DicomPipeline.Anonymization;

/// <summary>How free text is treated inside the items being de-identified.</summary>
internal enum FreeTextMode
{
    /// <summary>By the table, else by the reviewed class of the attribute.</summary>
    Normal,

    /// <summary>Inside a sequence the table replaces (D) but whose items must stay (SR content): kept text is cleaned, removed text stays removed.</summary>
    KeptTree,

    /// <summary>Inside a sequence a Clean option keeps: every text is cleaned.</summary>
    Cleaned,
}
