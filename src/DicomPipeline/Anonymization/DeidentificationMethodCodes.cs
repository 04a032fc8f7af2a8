using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>The De-identification Method attributes (0012,0062-0064) and CID 7050 codes of the profile and options used.</summary>
internal static class DeidentificationMethodCodes
{
    public static void Apply(DicomDataset dataset, AnonymizationOptions options, SiteRules? rules)
    {
        var used = new List<(string Code, string Meaning)> { ("113100", "Basic Application Confidentiality Profile") };
        Add(used, options.CleanGraphics, "113103", "Clean Graphics Option");
        Add(used, options.CleanStructuredContent, "113104", "Clean Structured Content Option");
        Add(used, options.CleanDescriptors, "113105", "Clean Descriptors Option");
        Add(used, options.RetainLongitudinalFullDates, "113106", "Retain Longitudinal Temporal Information Full Dates Option");
        Add(used, options.RetainLongitudinalModifiedDates, "113107", "Retain Longitudinal Temporal Information Modified Dates Option");
        Add(used, options.RetainPatientCharacteristics, "113108", "Retain Patient Characteristics Option");
        Add(used, options.RetainDeviceIdentity, "113109", "Retain Device Identity Option");
        Add(used, options.RetainUids, "113110", "Retain UIDs Option");
        Add(used, options.RetainSafePrivate, "113111", "Retain Safe Private Option");
        Add(used, options.RetainInstitutionIdentity, "113112", "Retain Institution Identity Option");

        dataset.SetString(DicomTag.PatientIdentityRemoved, "YES", DicomVR.CS);

        // LO is at most 64 characters a value, so the profile and each option are values of their own.
        var method = new List<string> { $"DicomPipeline PS3.15 {ConfidentialityProfileTable.Edition} Basic Profile" };
        method.Add($"Safe by default {ReviewedAttributes.Edition}");
        if (options.Policy == AnonymizationPolicy.Strict)
        {
            method.Add($"Strict keep-list {ReviewedAttributes.Edition}");
        }

        method.AddRange(used.Skip(1).Select(u => u.Meaning));
        if (rules is not null)
        {
            // A reviewer sees what the site chose to keep beyond the profile.
            method.AddRange(rules.KeepDescriptions.Select(d => d.Length <= 64 ? d : d[..64]));
        }
        dataset.SetString(DicomTag.DeidentificationMethod, string.Join('\\', method), DicomVR.LO);

        var items = used.Select(u =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.CodeValue, u.Code, DicomVR.SH);
            item.SetString(DicomTag.CodingSchemeDesignator, "DCM", DicomVR.SH);
            item.SetString(DicomTag.CodeMeaning, u.Meaning, DicomVR.LO);
            return item;
        });
        dataset.AddOrUpdate(new DicomSequence(DicomTag.DeidentificationMethodCodeSequence, items));

        var temporal = options.RetainLongitudinalModifiedDates ? "MODIFIED"
            : options.RetainLongitudinalFullDates ? "UNMODIFIED"
            : "REMOVED";
        dataset.SetString(DicomTag.LongitudinalTemporalInformationModified, temporal, DicomVR.CS);
    }

    private static void Add(List<(string, string)> used, bool enabled, string code, string meaning)
    {
        if (enabled)
        {
            used.Add((code, meaning));
        }
    }
}
