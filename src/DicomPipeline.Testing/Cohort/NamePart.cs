namespace DicomPipeline.Testing.Cohort;

/// <summary>A family or given name in its alphabetic, ideographic and phonetic forms (PS3.5 6.2.1), and the sex it suggests.</summary>
internal sealed record NamePart(string Alphabetic, string Ideographic = "", string Phonetic = "", string Sex = "O");
