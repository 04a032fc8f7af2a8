using System.Collections.Frozen;

namespace DicomPipeline.Verification;

/// <summary>
/// Which original values are searched for, and the rule that leaves out values too short or too generic to mean
/// anything. Independent of the de-identifier's tables: the verifier has its own list, so a gap in one is not
/// silently shared by the other.
/// </summary>
internal static class IdentifierRules
{
    /// <summary>The least number of characters (letters and digits after normalisation) of a searched Latin value.</summary>
    public const int MinimumLatinLength = 3;

    /// <summary>
    /// The least number of digits of a searched value made only of digits (an ID, its digits, a run of digits in it):
    /// shorter runs are in every number table and code.
    /// </summary>
    public const int MinimumDigits = 5;

    /// <summary>The least number of characters of a searched CJK value (an ideographic or phonetic name component).</summary>
    public const int MinimumCjkLength = 2;

    /// <summary>Text attributes (besides every PN, DA, DT and UI) whose original values are searched for.</summary>
    public static readonly FrozenSet<string> IdentifyingKeywords = FrozenSet.ToFrozenSet(
    [
        "PatientID", "OtherPatientIDs", "IssuerOfPatientID", "AccessionNumber", "StudyID", "AdmissionID", "ServiceEpisodeID",
        "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID", "MedicalRecordLocator",
        "PlacerOrderNumberImagingServiceRequest", "FillerOrderNumberImagingServiceRequest",
        "PlacerOrderNumberImagingServiceRequestRetired", "FillerOrderNumberImagingServiceRequestRetired",
        "PlacerOrderNumberProcedure", "FillerOrderNumberProcedure", "InsurancePlanIdentification",
        "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "PatientAddress", "PatientTelephoneNumbers",
        "ReferringPhysicianAddress", "ReferringPhysicianTelephoneNumbers", "PersonAddress", "PersonTelephoneNumbers",
        "OrderCallbackPhoneNumber", "PatientInstitutionResidence", "CurrentPatientLocation", "ResponsibleOrganization",
        "StationName", "DeviceSerialNumber", "DetectorID", "GantryID", "PerformedStationName", "ScheduledStationName",
        "PerformedLocation", "ScheduledProcedureStepLocation", "MilitaryRank", "BranchOfService", "RegionOfResidence",
        "PatientBirthName", "PatientMotherBirthName", "OtherPatientNames", "IssuerOfAdmissionIDRetired",
        "DeviceLabel", "PatientTelecomInformation", "Occupation", "PatientBirthDateInAlternativeCalendar",
        "PatientDeathDateInAlternativeCalendar",
    ]);

    /// <summary>
    /// Keywords whose values are places, stations or contacts: also searched for word by word (four letters or more, not
    /// one of <see cref="PlaceWords"/>), as "Bemuxita" of "Bemuxita Infirmary" or the street of an address.
    /// </summary>
    public static readonly FrozenSet<string> PhraseKeywords = FrozenSet.ToFrozenSet(
    [
        "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "PatientAddress", "ReferringPhysicianAddress",
        "PersonAddress", "StationName", "PerformedStationName", "ScheduledStationName", "PerformedLocation",
        "ScheduledProcedureStepLocation", "CurrentPatientLocation", "PatientInstitutionResidence", "PatientTelecomInformation",
    ]);

    /// <summary>Words every institution, address and place has: a word search for them would find every such place.</summary>
    public static readonly FrozenSet<string> PlaceWords = FrozenSet.ToFrozenSet(
    [
        "road", "street", "strasse", "lane", "avenue", "drive", "plaza", "place", "square", "court", "boulevard", "highway",
        "suite", "floor", "building", "room", "wing", "ward", "block", "north", "south", "east", "west", "saint",
        "hospital", "hospitals", "infirmary", "clinic", "clinics", "klinik", "klinikum", "krankenhaus", "university",
        "college", "school", "institute", "health", "healthcare", "care", "centre", "center", "medical", "general",
        "memorial", "regional", "county", "city", "national", "children", "childrens", "womens", "radiology", "imaging",
        "department", "trust", "foundation", "practice", "systems", "services", "pavilion", "office", "mail", "email",
        "station", "unit", "community", "central",
    ]);

    /// <summary>Keywords whose values are addresses: also searched for part by part (between commas and line breaks).</summary>
    public static readonly FrozenSet<string> AddressKeywords = FrozenSet.ToFrozenSet(
        ["InstitutionAddress", "PatientAddress", "ReferringPhysicianAddress", "PersonAddress"]);

    /// <summary>
    /// Values never searched for, after normalisation: placeholders that de-identification itself writes or that
    /// many unrelated files hold, so finding them says nothing.
    /// </summary>
    public static readonly FrozenSet<string> GenericValues = FrozenSet.ToFrozenSet(
    [
        "anonymous", "anonymized", "anonymised", "anon", "unknown", "none", "null", "test", "patient", "phantom",
        "removed", "deidentified", "redacted", "dummy", "other", "yes", "mrn", "doctor", "the", "and", "von", "van",
        "der", "del", "mrs", "miss", "prof", "hospital", "clinic", "radiology", "department", "imaging", "medical",
        "center", "centre", "institute", "university", "street", "road", "phd", "esq", "usa",
        "first", "last", "middle", "mid", "given", "family", "name", "prefix", "suffix", "pre", "suf", "here", "19000101", "00000000", "0000",

        // Role words that stand in for a name in test and template files ("Observer^Verifying") and that SR code
        // meanings use for concepts ("Recording Observer's Name").
        "observer", "verifying", "recording", "reviewer", "operator", "physician", "person", "staff", "user", "device",

        // A template's placeholder for a name ("Enter text", pydicom's reportsi.dcm), which SR value types repeat.
        "enter", "text",
    ]);

    /// <summary>
    /// Makers of imaging equipment and DICOM toolkits, normalised: a fixed list (never taken from the file at hand),
    /// because devices write their maker's name where a site leaves a field empty (TOSHIBA as InstitutionName, GDCM as
    /// a test patient's name) and every file of that maker carries it as Manufacturer.
    /// </summary>
    public static readonly FrozenSet<string> MakerNames = FrozenSet.ToFrozenSet(
    [
        "ge", "gemedicalsystems", "gehealthcare", "generalelectric", "siemens", "siemensag", "siemenshealthineers",
        "siemenshealthcare", "philips", "philipsmedicalsystems", "philipshealthcare", "toshiba", "toshibamec",
        "toshibamedicalsystems", "canon", "canonmedicalsystems", "hitachi", "hitachimedical", "fujifilm", "fuji", "agfa",
        "agfahealthcare", "carestream", "kodak", "hologic", "varian", "varianmedicalsystems", "elekta", "esaote", "samsung",
        "samsungmedison", "mindray", "shimadzu", "konicaminolta", "planmeca", "sirona", "acuson", "picker", "marconi",
        "elscint", "adac", "bruker", "gdcm", "dcmtk", "pydicom", "fodicom", "orthanc", "osirix", "horos", "pixelmed",
        "dicompipeline",
    ]);

    /// <summary>
    /// Whether a normalised value is worth searching for: not generic nor a maker's name; CJK of at least <see cref="MinimumCjkLength"/>
    /// characters; digits only of at least <see cref="MinimumDigits"/>, not one digit repeated; otherwise at least <see cref="MinimumLatinLength"/>.
    /// </summary>
    public static bool IsWorthSearching(string normalized)
    {
        if (normalized.Length == 0 || GenericValues.Contains(normalized) || MakerNames.Contains(normalized))
        {
            return false;
        }

        if (TextTokens.IsAllCjk(normalized))
        {
            return normalized.Length >= MinimumCjkLength;
        }

        var allDigits = true;
        foreach (var c in normalized)
        {
            allDigits &= char.IsAsciiDigit(c);
        }

        // One digit repeated (000000000 as a StationName) is in every table of numbers.
        return allDigits
            ? normalized.Length >= MinimumDigits && normalized.AsSpan().ContainsAnyExcept(normalized[0])
            : normalized.Length >= MinimumLatinLength;
    }

    /// <summary>Whether the digits of the attribute's values are searched for on their own (IDs, numbers, phones).</summary>
    public static bool SearchDigitsOf(string keyword) =>
        keyword.Contains("ID", StringComparison.Ordinal)
        || keyword.Contains("Number", StringComparison.Ordinal)
        || keyword.Contains("Phone", StringComparison.Ordinal)
        || keyword.Contains("Locator", StringComparison.Ordinal)
        || keyword == "CodeValue";

    /// <summary>Each run of at least <see cref="MinimumDigits"/> ASCII digits in <paramref name="value"/>, on its own.</summary>
    public static IEnumerable<string> DigitRuns(string value)
    {
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var digit = i < value.Length && char.IsAsciiDigit(value[i]);
            if (digit && start < 0)
            {
                start = i;
            }
            else if (!digit && start >= 0)
            {
                if (i - start >= MinimumDigits)
                {
                    yield return value[start..i];

                    // The same number without its leading zeros (001320159 written as 1320159).
                    var significant = value[start..i].TrimStart('0');
                    if (significant.Length >= MinimumDigits && significant.Length < i - start)
                    {
                        yield return significant;
                    }
                }

                start = -1;
            }
        }
    }

    /// <summary>German umlauts as written without them (Müller as Mueller), the other spelling a name is found under.</summary>
    public static string SpelledOutUmlauts(string value) =>
        value.Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal)
            .Replace("Ä", "Ae", StringComparison.Ordinal).Replace("Ö", "Oe", StringComparison.Ordinal).Replace("Ü", "Ue", StringComparison.Ordinal);
}
