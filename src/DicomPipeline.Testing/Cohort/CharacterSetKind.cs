namespace DicomPipeline.Testing.Cohort;

/// <summary>The repertoire a patient's names and institution are written in; patients take turns in this order.</summary>
internal enum CharacterSetKind
{
    /// <summary>UTF-8 (ISO_IR 192); every other such patient has a Japanese three-group name.</summary>
    Utf8,

    /// <summary>Latin-1 (ISO_IR 100).</summary>
    Latin1,

    /// <summary>The default repertoire (ASCII): no Specific Character Set.</summary>
    Default,
}
