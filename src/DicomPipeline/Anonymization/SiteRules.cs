using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// The site rules of <see cref="AnonymizationOptions.Rules"/>, checked and compiled once: the first rule matching an
/// attribute, by its tag, its dictionary VR and (for private attributes) its creator.
/// </summary>
internal sealed class SiteRules
{
    private readonly Rule[] _rules;

    private SiteRules(Rule[] rules) => _rules = rules;

    /// <summary>The rules that keep, as a reviewer should see them: "Site rule keeps PatientWeight".</summary>
    public IReadOnlyList<string> KeepDescriptions =>
        [.. _rules.Where(r => r.Action == AnonymizationRuleAction.Keep).Select(r => "Site rule keeps " + r.What)];

    /// <summary>Checks and compiles the rules; <see langword="null"/> when there are none.</summary>
    /// <exception cref="InvalidOperationException">A rule is malformed: the message names the rule and what is wrong.</exception>
    public static SiteRules? Compile(IList<AnonymizationRule> rules)
    {
        if (rules.Count == 0)
        {
            return null;
        }

        var compiled = new List<Rule>(rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new InvalidOperationException($"Anonymization rule {i + 1} is null.");
            // A rule naming pixel regions is the Clean Pixel Data option's (PixelRegionRules), not an attribute's.
            if (PixelRegionRules.IsPixelRule(rule))
            {
                PixelRegionRules.Check(rule, rule.Describe(i));
                continue;
            }

            compiled.Add(CompileOne(rule, rule.Describe(i)));
        }

        return new SiteRules([.. compiled]);
    }

    /// <summary>The first rule matching the attribute, or <see langword="null"/>.</summary>
    public Rule? Find(DicomDataset dataset, DicomTag tag, DicomVR attributeVR)
    {
        DicomVR? vr = null;
        string? creator = null;
        foreach (var rule in _rules)
        {
            if (rule.Low is { } low && (tag.Value < low || tag.Value > rule.High))
            {
                continue;
            }

            if (rule.Creator is not null)
            {
                if (!tag.IsPrivate || tag.PrivateCreatorTag is not { } creatorTag || (tag.Element & 0xFF) != rule.PrivateElement)
                {
                    continue;
                }

                creator ??= dataset.TryGetValueEntry(creatorTag, out var element) && !element.IsInSourceFile
                    ? dataset.GetString(creatorTag)?.Trim() ?? string.Empty
                    : string.Empty;
                if (!string.Equals(creator, rule.Creator, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            if (rule.VR is not null)
            {
                vr ??= tag.IsPrivate ? attributeVR : DicomDictionary.GetDefaultVR(tag) is var known && known != DicomVR.UN ? known : attributeVR;
                if (vr != rule.VR)
                {
                    continue;
                }
            }

            return rule;
        }

        return null;
    }

    private static Rule CompileOne(AnonymizationRule rule, string name)
    {
        var forms = new[] { rule.Keyword, rule.Tag, rule.Group, rule.Range, rule.PrivateCreator }.Count(f => !string.IsNullOrWhiteSpace(f));
        if (forms > 1)
        {
            throw Invalid(name, "sets more than one of Keyword, Tag, Group, Range and PrivateCreator");
        }

        DicomVR? vr = null;
        if (!string.IsNullOrWhiteSpace(rule.VR) && !DicomVR.TryParse(rule.VR.Trim(), out vr))
        {
            throw Invalid(name, $"has an unknown VR '{rule.VR}'");
        }

        if (forms == 0 && vr is null)
        {
            throw Invalid(name, "matches nothing: set Keyword, Tag, Group, Range, PrivateCreator or VR");
        }

        uint? low = null;
        uint high = 0;
        string? what = null;
        DicomVR? known = null;
        if (!string.IsNullOrWhiteSpace(rule.Keyword))
        {
            if (!DicomDictionary.TryGetTag(rule.Keyword.Trim(), out var tag))
            {
                throw Invalid(name, $"names an unknown keyword '{rule.Keyword}'");
            }

            (low, high, what, known) = (tag.Value, tag.Value, rule.Keyword.Trim(), DicomDictionary.GetDefaultVR(tag));
        }
        else if (!string.IsNullOrWhiteSpace(rule.Tag))
        {
            if (!DicomTag.TryParse(rule.Tag, out var tag))
            {
                throw Invalid(name, $"has a malformed tag '{rule.Tag}' (expected (gggg,eeee))");
            }

            (low, high, what) = (tag.Value, tag.Value, tag.ToString());
            known = DicomDictionary.TryGetEntry(tag, out _) && !tag.IsPrivate ? DicomDictionary.GetDefaultVR(tag) : null;
        }
        else if (!string.IsNullOrWhiteSpace(rule.Group))
        {
            if (rule.Group.Trim().Length != 4
                || !ushort.TryParse(rule.Group.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var group))
            {
                throw Invalid(name, $"has a malformed group '{rule.Group}' (expected four hexadecimal digits)");
            }

            (low, high, what) = ((uint)group << 16, ((uint)group << 16) | 0xFFFF, $"group {group:X4}");
        }
        else if (!string.IsNullOrWhiteSpace(rule.Range))
        {
            var ends = rule.Range.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !DicomTag.TryParse(ends[0], out var first) || !DicomTag.TryParse(ends[1], out var last) || first > last)
            {
                throw Invalid(name, $"has a malformed range '{rule.Range}' (expected (gggg,eeee)-(gggg,eeee), lowest first)");
            }

            (low, high, what) = (first.Value, last.Value, $"{first}-{last}");
        }

        byte element = 0;
        if (!string.IsNullOrWhiteSpace(rule.PrivateCreator))
        {
            if (rule.PrivateElement is not { Length: 2 } offset
                || !byte.TryParse(offset, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out element))
            {
                throw Invalid(name, $"has PrivateCreator but a malformed PrivateElement '{rule.PrivateElement}' (expected two hexadecimal digits)");
            }

            what = $"{rule.PrivateCreator.Trim()} {element:X2}";
        }

        what ??= $"every {vr}";
        known ??= vr;
        CheckAction(rule, name, known);
        if (low == high && low is 0x00100010u or 0x00100020u)
        {
            // The pseudonym (or the clinical CSV's identity) is written over these after every rule, and keys the
            // patient's date shift and UIDs: a rule here would be silently overridden, so it is refused.
            throw Invalid(name, $"targets {what ?? rule.Tag}, which is always the pseudonym or the clinical CSV's identity: a rule cannot keep or change it");
        }

        return new Rule(name, what, low, high, rule.PrivateCreator?.Trim(), element, vr, rule.Action, rule.Value);
    }

    private static void CheckAction(AnonymizationRule rule, string name, DicomVR? vr)
    {
        if (!Enum.IsDefined(rule.Action))
        {
            throw Invalid(name, $"has an unknown action '{rule.Action}'");
        }

        switch (rule.Action)
        {
            case AnonymizationRuleAction.Replace when rule.Value is null:
                throw Invalid(name, "replaces but has no Value");
            case AnonymizationRuleAction.Replace or AnonymizationRuleAction.Hash when vr is not null && !vr.IsString:
                throw Invalid(name, $"{(rule.Action == AnonymizationRuleAction.Hash ? "hashes" : "replaces")} a value of VR {vr}, which is not text");
            case AnonymizationRuleAction.RemapUid when vr != DicomVR.UI:
                throw Invalid(name, $"remaps UIDs of {(vr is null ? "attributes of unknown VR" : "VR " + vr)}: RemapUid needs VR UI");
            case AnonymizationRuleAction.ShiftDate when vr != DicomVR.DA && vr != DicomVR.DT:
                throw Invalid(name, $"shifts dates of {(vr is null ? "attributes of unknown VR" : "VR " + vr)}: ShiftDate needs VR DA or DT");
        }
    }

    private static InvalidOperationException Invalid(string name, string problem) =>
        new($"Anonymization {name} {problem}.");

    /// <summary>A compiled rule: tag bounds (none for a VR-only rule), private creator and offset, VR, action.</summary>
    internal sealed record Rule(
        string Name, string What, uint? Low, uint High, string? Creator, byte PrivateElement, DicomVR? VR, AnonymizationRuleAction Action, string? Value);
}
