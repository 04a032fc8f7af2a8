namespace DicomPipeline.Anonymization;

/// <summary>
/// The identities of one instance's de-identification: the patient pseudonyms given (each original once), the
/// identifiers replaced, and the patient's date shift.
/// </summary>
internal sealed class RunIdentities(PseudonymGenerator pseudonyms, IPatientIdentityProvider? provider, string originalPatientId, string originalPatientName)
{
    private readonly Dictionary<(string Keyword, string Original), AnonymizedIdentity> _identities = [];
    private readonly Dictionary<(string Id, string Name), PatientPseudonym> _patients = [];
    private int? _dateShiftDays;

    /// <summary>The identifiers replaced so far, each once.</summary>
    public IReadOnlyList<AnonymizedIdentity> Replaced => [.. _identities.Values];

    /// <summary>The instance's patient's date shift, in days, worked out when first needed.</summary>
    public int DateShiftDays => _dateShiftDays ??= pseudonyms.DateShiftDays(PatientKey(originalPatientId, originalPatientName));

    /// <summary>The pseudonym of a patient: the provider's, else derived from the secret; the same for the same original.</summary>
    public PatientPseudonym PatientFor(string originalId, string originalName)
    {
        if (_patients.TryGetValue((originalId, originalName), out var known))
        {
            return known;
        }

        var patient = provider?.GetIdentity(originalId)
            ?? pseudonyms.Patient(PatientKey(originalId, originalName));
        _patients[(originalId, originalName)] = patient;
        if (originalId.Length > 0)
        {
            Remember("PatientID", originalId, patient.PatientId);
        }

        if (originalName.Length > 0)
        {
            Remember("PatientName", originalName, patient.PatientName);
        }

        return patient;
    }

    /// <summary>What pseudonyms and the date shift derive from: the Patient ID, or the name when there is no ID.</summary>
    private static string PatientKey(string patientId, string patientName) =>
        patientId.Length > 0 ? patientId : "name:" + patientName;

    /// <summary>Records a replaced identifier for the audit map, once per keyword and original.</summary>
    public void Remember(string keyword, string original, string replacement) =>
        _identities.TryAdd((keyword, original), new AnonymizedIdentity(keyword, original, replacement));
}
