namespace DicomPipeline.Anonymization;

/// <summary>
/// One original identifier and what replaced it, for an audit map. <see cref="ToString"/> leaves the values out, so an
/// instance passed to a logger by mistake does not leak the original.
/// </summary>
public sealed class AnonymizedIdentity
{
    internal AnonymizedIdentity(string keyword, string original, string replacement)
    {
        Keyword = keyword;
        Original = original;
        Replacement = replacement;
    }

    /// <summary>The keyword of the attribute that held the identifier, e.g. <c>PatientID</c> or <c>StudyInstanceUID</c>.</summary>
    public string Keyword { get; }

    /// <summary>The original value. Never log it.</summary>
    public string Original { get; }

    /// <summary>The value that replaced it.</summary>
    public string Replacement { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Keyword} (values withheld)";
}
