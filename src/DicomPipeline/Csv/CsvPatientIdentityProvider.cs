using DicomPipeline.Anonymization;

namespace DicomPipeline.Csv;

/// <summary>Supplies the CSV's Patient ID and Patient's Name, looked up by original Patient ID, as the pseudonyms.</summary>
/// <param name="table">A table matched on PatientID.</param>
/// <param name="patientIdColumn">The 0-based column written to PatientID, or -1.</param>
/// <param name="patientNameColumn">The 0-based column written to PatientName, or -1.</param>
internal sealed class CsvPatientIdentityProvider(CsvLookupTable table, int patientIdColumn, int patientNameColumn) : IPatientIdentityProvider
{
    public PatientPseudonym? GetIdentity(string originalPatientId)
    {
        ArgumentNullException.ThrowIfNull(originalPatientId);
        if (patientIdColumn < 0 || !table.TryGetRowByKey(originalPatientId.Trim(), out var row))
        {
            return null;
        }

        var id = table.Cell(row.Index, patientIdColumn);
        if (id.Length == 0)
        {
            return null;
        }

        var name = patientNameColumn < 0 ? string.Empty : table.Cell(row.Index, patientNameColumn);
        return new PatientPseudonym(id, name.Length > 0 ? name : id);
    }
}
