namespace DicomPipeline.Testing;

/// <summary>What <see cref="DicomCorpusSynthesizer.WriteAsync"/> wrote.</summary>
public sealed class SynthesisResult
{
    internal SynthesisResult(IReadOnlyList<string> files, IReadOnlyCollection<string> identifyingValues, IReadOnlyList<string> patientIds)
    {
        Files = files;
        IdentifyingValues = identifyingValues;
        PatientIds = patientIds;
    }

    /// <summary>The full paths of the files written, in the order they were written.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Every identifying string value planted in the corpus, each once: patient names (whole, each component group
    /// and each name component), patient IDs, other patient IDs and their issuers, accession numbers, study IDs,
    /// requested procedure and scheduled procedure step IDs, physician and operator names (whole and components),
    /// physician codes, institution names and addresses, station names, device serial numbers, birth dates and the
    /// original UIDs (study, series, SOP instance, frame of reference, referenced patient). A de-identified copy of
    /// the corpus should contain none of them.
    /// </summary>
    public IReadOnlyCollection<string> IdentifyingValues { get; }

    /// <summary>The patient IDs, one per patient, in patient order.</summary>
    public IReadOnlyList<string> PatientIds { get; }
}
