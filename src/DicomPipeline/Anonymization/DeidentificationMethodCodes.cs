using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>The De-identification Method attributes (0012,0062-0064) and CID 7050 codes of the profile and options used.</summary>
internal static class DeidentificationMethodCodes
{
    public static void Apply(DicomDataset dataset, AnonymizationOptions options, SiteRules? rules)
    {
        var used = new List<(string Code, string Meaning)> { ProfileOptions.BasicProfileCode };
        foreach (var option in ProfileOptions.ByCodeValue)
        {
            if (option.IsEnabled(options))
            {
                used.Add((option.CodeValue, option.CodeMeaning));
            }
        }

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
}
