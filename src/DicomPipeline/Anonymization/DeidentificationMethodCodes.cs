using System.Collections.Concurrent;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The De-identification Method attributes (0012,0062-0064) and CID 7050 codes of the profile and options used, and
/// Longitudinal Temporal Information Modified (0028,0303). They depend only on the options and site rules, so they are
/// made and encoded once per anonymizer; each file gets the same (immutable) elements in fresh sequence items.
/// </summary>
internal sealed class DeidentificationMethodCodes
{
    // Character sets seen are few (one or two per site); past this many, the method text is encoded per file again.
    private const int MaxCharacterSets = 64;
    private readonly DicomElement _identityRemoved;
    private readonly DicomElement _temporal;
    private readonly string _method;
    private readonly ConcurrentDictionary<DicomCharacterSet, DicomElement?> _methodByCharacterSet = new();
    private readonly DicomElement[][] _codeItems;

    public DeidentificationMethodCodes(AnonymizationOptions options, SiteRules? rules)
    {
        var used = new List<(string Code, string Meaning)> { ProfileOptions.BasicProfileCode };
        foreach (var option in ProfileOptions.ByCodeValue)
        {
            if (option.IsEnabled(options))
            {
                used.Add((option.CodeValue, option.CodeMeaning));
            }
        }

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

        _method = string.Join('\\', method);

        // Encoded exactly as setting them on a dataset does: the items as new datasets (the default repertoire), the CS
        // values in ASCII; the method's LO text in each dataset's own character set, once per character set.
        _codeItems = [.. used.Select(u =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.CodeValue, u.Code, DicomVR.SH);
            item.SetString(DicomTag.CodingSchemeDesignator, "DCM", DicomVR.SH);
            item.SetString(DicomTag.CodeMeaning, u.Meaning, DicomVR.LO);
            return item.Select(a => (DicomElement)a).ToArray();
        })];
        var scratch = new DicomDataset();
        scratch.SetString(DicomTag.PatientIdentityRemoved, "YES", DicomVR.CS);
        var temporal = options.RetainLongitudinalModifiedDates ? "MODIFIED"
            : options.RetainLongitudinalFullDates ? "UNMODIFIED"
            : "REMOVED";
        scratch.SetString(DicomTag.LongitudinalTemporalInformationModified, temporal, DicomVR.CS);
        _identityRemoved = (DicomElement)scratch[DicomTag.PatientIdentityRemoved];
        _temporal = (DicomElement)scratch[DicomTag.LongitudinalTemporalInformationModified];
    }

    /// <summary>Sets the attributes on a de-identified dataset (shared elements are immutable; the items are its own).</summary>
    public void Apply(DicomDataset dataset)
    {
        dataset.AddOrUpdate(_identityRemoved);
        var characterSet = dataset.CharacterSet;
        if (!_methodByCharacterSet.TryGetValue(characterSet, out var method))
        {
            method = EncodeMethod(characterSet);
            if (_methodByCharacterSet.Count < MaxCharacterSets)
            {
                _methodByCharacterSet.TryAdd(characterSet, method);
            }
        }

        if (method is not null)
        {
            dataset.AddOrUpdate(method);
        }
        else
        {
            // Not encodable in this character set: set it on the dataset, which says so as it always did.
            dataset.SetString(DicomTag.DeidentificationMethod, _method, DicomVR.LO);
        }

        var items = new DicomDataset[_codeItems.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = new DicomDataset();
            foreach (var element in _codeItems[i])
            {
                item.AddOrUpdate(element);
            }

            items[i] = item;
        }

        dataset.AddOrUpdate(new DicomSequence(DicomTag.DeidentificationMethodCodeSequence, items));
        dataset.AddOrUpdate(_temporal);
    }

    private DicomElement? EncodeMethod(DicomCharacterSet characterSet)
    {
        var scratch = new DicomDataset();
        try
        {
            if (characterSet.Terms.Count > 0)
            {
                scratch.SetStrings(DicomTag.SpecificCharacterSet, characterSet.Terms);
            }

            scratch.SetString(DicomTag.DeidentificationMethod, _method, DicomVR.LO);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Only when the scratch dataset decodes to the very same character set; otherwise each file encodes its own.
        return scratch.CharacterSet.Terms.SequenceEqual(characterSet.Terms, StringComparer.Ordinal)
            ? (DicomElement)scratch[DicomTag.DeidentificationMethod]
            : null;
    }
}
