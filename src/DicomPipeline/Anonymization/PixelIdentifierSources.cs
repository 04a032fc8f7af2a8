using DicomPipeline.Dicom;
using DicomPipeline.Redaction;

namespace DicomPipeline.Anonymization;

/// <summary>
/// Which attributes' values are looked for in an instance's pixels by the Clean Pixel Data option, and how each is
/// read (<see cref="IdentifierNormalizer"/>, the rules of the de-identification sweep): patient and staff names with
/// their parts, IDs with their digit runs, accession, institution, station, address, and the dates.
/// </summary>
internal static class PixelIdentifierSources
{
    private static readonly (uint Tag, IdentifierKind Kind)[] Sources =
    [
        (0x00100010, IdentifierKind.PersonName), // Patient's Name
        (0x00101001, IdentifierKind.PersonName), // Other Patient Names
        (0x00101005, IdentifierKind.PersonName), // Patient's Birth Name
        (0x00101060, IdentifierKind.PersonName), // Patient's Mother's Birth Name
        (0x00080090, IdentifierKind.PersonName), // Referring Physician's Name
        (0x00081050, IdentifierKind.PersonName), // Performing Physician's Name
        (0x00081070, IdentifierKind.PersonName), // Operators' Name
        (0x00081048, IdentifierKind.PersonName), // Physician(s) of Record
        (0x00100020, IdentifierKind.Text), // Patient ID
        (0x00101000, IdentifierKind.Text), // Other Patient IDs
        (0x00080050, IdentifierKind.Text), // Accession Number
        (0x00200010, IdentifierKind.Text), // Study ID
        (0x00080080, IdentifierKind.Text), // Institution Name
        (0x00080081, IdentifierKind.Text), // Institution Address
        (0x00081040, IdentifierKind.Text), // Institutional Department Name
        (0x00081010, IdentifierKind.Text), // Station Name
        (0x00101040, IdentifierKind.Text), // Patient's Address
        (0x00100030, IdentifierKind.Date), // Patient's Birth Date
        (0x00080020, IdentifierKind.Date), // Study Date
        (0x00080021, IdentifierKind.Date), // Series Date
        (0x00080022, IdentifierKind.Date), // Acquisition Date
        (0x00080023, IdentifierKind.Date), // Content Date
    ];

    /// <summary>The identifiers of <paramref name="dataset"/> (as read, before de-identification) to look for in its pixels.</summary>
    public static PixelIdentifiers FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tag, kind) in Sources)
        {
            var value = dataset.GetString(new DicomTag(tag));
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            IdentifierNormalizer.AddVariants(value, kind, forms);
            if (kind == IdentifierKind.Date)
            {
                PixelIdentifiers.AddScreenDates(value, forms);
            }
        }

        return PixelIdentifiers.FromNormalForms(forms);
    }
}
