using DicomPipeline.Anonymization;
using DicomPipeline.Csv;

namespace DicomPipeline.Pipeline;

/// <summary>
/// The clinical CSV's Patient ID and Patient's Name, looked up by original Patient ID, as the pseudonyms: given to the
/// anonymizer, they are written at every depth (nested Patient IDs included) and reported in its identity pairs. For an
/// original ID without a row, or a row without a Patient ID, the anonymizer derives its pseudonym.
/// </summary>
internal sealed class CsvPatientIdentityProvider : IPatientIdentityProvider
{
    private readonly CsvLookupTable _table;

    private CsvPatientIdentityProvider(CsvLookupTable table) => _table = table;

    /// <summary>The provider, or <see langword="null"/> when the CSV is not matched on PatientID and cannot say who a patient is.</summary>
    public static CsvPatientIdentityProvider? For(CsvLookupTable table) =>
        table.IsMatchedOnPatientId ? new CsvPatientIdentityProvider(table) : null;

    public PatientPseudonym? GetIdentity(string originalPatientId)
    {
        ArgumentNullException.ThrowIfNull(originalPatientId);
        return _table.TryGetPatientIdentity(originalPatientId, out var id, out var name) ? new PatientPseudonym(id, name) : null;
    }
}
