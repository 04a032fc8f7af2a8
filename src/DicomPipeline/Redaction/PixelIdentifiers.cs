using System.Globalization;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Redaction;

/// <summary>
/// The identifiers of one instance to look for in its pixels: the values the de-identification sweep looks for in text
/// (names and their parts, IDs and their digit runs, dates, accession, institution; normalised by
/// <see cref="IdentifierNormalizer"/>), and dates also in the spellings screens use (3 MAR 1961, MAR 03 1961, 03/03/61).
/// Read from the dataset before it is de-identified.
/// </summary>
internal sealed class PixelIdentifiers
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

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private PixelIdentifiers(IReadOnlySet<string> normalForms)
    {
        NormalForms = normalForms;
    }

    /// <summary>The identifiers in <see cref="IdentifierNormalizer"/>'s normal form (upper case, letters and digits).</summary>
    public IReadOnlySet<string> NormalForms { get; }

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
                AddScreenDates(value, forms);
            }
        }

        return new PixelIdentifiers(forms);
    }

    /// <summary>For tests and callers that already hold the normal forms.</summary>
    public static PixelIdentifiers FromNormalForms(IEnumerable<string> forms) => new(new HashSet<string>(forms, StringComparer.Ordinal));

    private static void AddScreenDates(string value, HashSet<string> forms)
    {
        foreach (var one in value.Split('\\', '-'))
        {
            var trimmed = one.Trim();
            if (trimmed.Length < 8 || !DateOnly.TryParseExact(trimmed[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                continue;
            }

            var month = Months[date.Month - 1];
            var day = date.Day.ToString("00", CultureInfo.InvariantCulture);
            var shortDay = date.Day.ToString(CultureInfo.InvariantCulture);
            var year = date.Year.ToString("0000", CultureInfo.InvariantCulture);
            var shortYear = year[2..];
            var mm = date.Month.ToString("00", CultureInfo.InvariantCulture);
            forms.Add(day + month + year);
            forms.Add(shortDay + month + year);
            forms.Add(month + day + year);
            forms.Add(month + shortDay + year);
            forms.Add(year + month + day);
            // Two-digit years: six digits, still specific enough on a screen next to other identifiers.
            forms.Add(day + mm + shortYear);
            forms.Add(mm + day + shortYear);
            forms.Add(shortYear + mm + day);
        }
    }
}
