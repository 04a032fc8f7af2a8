namespace DicomPipeline.Testing.Cohort;

/// <summary>A hospital: its name and address are identifying, its code prefixes the issuers and station names.</summary>
internal sealed record Institution(string Name, string Address, string Code);
