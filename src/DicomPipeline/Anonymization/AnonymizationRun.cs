using System.Buffers;
using DicomPipeline.Anonymization.Sweep;
using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// One instance being de-identified: walks a copy of the dataset at every depth and applies, in this order, the
/// resolved Table E.1-1 actions (with the options), then the safe-by-default layer for whatever the table does not
/// list, remembering the identifiers replaced. Never reads a value still in the source file (pixel data).
/// </summary>
internal sealed class AnonymizationRun
{
    private readonly AnonymizationOptions _options;
    private readonly AttributeActions _actions;
    private readonly SiteRules? _rules;
    private readonly DicomDataset _source;
    private readonly string _originalPatientId;
    private readonly string _originalPatientName;
    private readonly RunIdentities _identities;
    private readonly UidRemapper _uids;
    private readonly ElementActions _values;
    private readonly FoldedTextPool _folding;
    private readonly DeidentificationMethodCodes _methodCodes;
    private IReadOnlyList<SweptValue> _swept = [];

    public AnonymizationRun(
        AnonymizationOptions options, AttributeActions actions, SiteRules? rules, PseudonymGenerator pseudonyms, DicomDataset source, FoldedTextPool folding, DeidentificationMethodCodes methodCodes)
    {
        _methodCodes = methodCodes;
        _folding = folding;
        _options = options;
        _actions = actions;
        _rules = rules;
        _source = source;
        _originalPatientId = ElementValues.ReadPatientId(source) ?? string.Empty;
        _originalPatientName = ElementValues.ReadText(source, DicomTag.PatientName) ?? string.Empty;
        _identities = new RunIdentities(pseudonyms, options.PatientIdentityProvider, _originalPatientId, _originalPatientName);
        _uids = new UidRemapper(pseudonyms, options.RetainUids, _identities);
        _values = new ElementActions(source, actions, _uids, _identities, pseudonyms);
    }

    /// <summary>The identifiers replaced so far, each once.</summary>
    public IReadOnlyList<AnonymizedIdentity> Identities => _identities.Replaced;

    /// <summary>What the known-identifier sweep and the payload step changed, once <see cref="Execute"/> has run.</summary>
    public IReadOnlyList<SweptValue> Swept => _swept;

    /// <summary>What the binary payload step did, once <see cref="Execute"/> has run.</summary>
    public IReadOnlyList<Payloads.PayloadAction> PayloadActions { get; private set; } = [];

    /// <summary>De-identifies a copy of the source dataset, or the source itself, and returns it.</summary>
    /// <param name="transferSyntax">The syntax the pixel data is encoded in (the payload step reads its fragments by it).</param>
    /// <param name="inPlace">Change the source instead of a copy (the caller drops the dataset as read).</param>
    public DicomDataset Execute(DicomTransferSyntax transferSyntax, bool inPlace)
    {
        var folded = _folding.Rent();
        try
        {
            return Deidentify(transferSyntax, folded, inPlace);
        }
        finally
        {
            _folding.Return(folded);
        }
    }

    private DicomDataset Deidentify(DicomTransferSyntax transferSyntax, FoldedText folded, bool inPlace)
    {
        // The instance's own identifying values, collected before any rule runs, are what no kept value may hold.
        var needles = InstanceNeedleCollector.Collect(_source, _actions, _rules, _options, folded);

        // In place, what the text cleaner matches against is gathered now, while every value is still as read (on a
        // copy it is gathered from the untouched source when the first text is cleaned, which most instances never
        // need). Nothing else reads the source once the rules run.
        if (inPlace)
        {
            _values.GatherTextIdentifiers();
        }

        var dataset = inPlace ? _source : _source.Clone();
        Process(dataset, FreeTextMode.Normal, inheritedPatientId: _originalPatientId);

        // Binary payloads are cut to what their descriptors say and their texts rewritten before the sweep reads them,
        // so slack or a rewritable ICC text does not cost the whole element.
        PayloadActions = Payloads.PayloadCleaner.Clean(dataset, transferSyntax);
        var sweep = new KeptValueSweep(needles, _uids, folded, findWrittenDates: !_options.RetainLongitudinalFullDates);
        if (!_options.SkipKnownIdentifierSweep)
        {
            sweep.Sweep(dataset);
        }

        // What the payload step did is reported with the sweep's, by tag path and reason.
        _swept = PayloadActions.Count == 0 ? sweep.Swept
            : [.. sweep.Swept, .. PayloadActions.Select(a => new SweptValue(a.TagPath, a.Reason))];

        // The top level always carries the pseudonym, also when the source had no patient identity at all.
        var patient = _identities.PatientFor(_originalPatientId, _originalPatientName);
        dataset.SetString(DicomTag.PatientID, patient.PatientId, DicomVR.LO);
        dataset.SetString(DicomTag.PatientName, patient.PatientName, DicomVR.PN);
        _methodCodes.Apply(dataset);
        return dataset;
    }

    private void Process(DicomDataset dataset, FreeTextMode mode, string inheritedPatientId)
    {
        var itemPatientId = ElementValues.ReadPatientId(dataset) ?? inheritedPatientId;
        var itemPatientName = ElementValues.ReadText(dataset, DicomTag.PatientName) ?? string.Empty;
        List<DicomTag>? creators = null;
        HashSet<DicomTag>? keptCreators = null;
        var hasPlanes = false;

        // A snapshot of the entries, since the loop changes the dataset; pooled, as every dataset and item of every file
        // passes here. An attribute kept as it is gets no object (issue 28).
        var count = dataset.Count;
        var snapshot = ArrayPool<DicomEntry>.Shared.Rent(count);
        try
        {
            dataset.CopyEntriesTo(snapshot);
            for (var i = 0; i < count; i++)
            {
                ProcessAttribute(dataset, i, snapshot[i], mode, itemPatientId, itemPatientName, ref creators, ref keptCreators, ref hasPlanes);
            }
        }
        finally
        {
            // Only what was used is cleared (the pool may have lent a larger array), so no value outlives the file.
            Array.Clear(snapshot, 0, count);
            ArrayPool<DicomEntry>.Shared.Return(snapshot);
        }

        if (creators is not null)
        {
            foreach (var creator in creators)
            {
                if (keptCreators is null || !keptCreators.Contains(creator))
                {
                    dataset.Remove(creator);
                }
            }
        }

        if (hasPlanes)
        {
            OverlayPlanes.RemoveIncomplete(dataset);
        }
    }

    private void ProcessAttribute(
        DicomDataset dataset,
        int index,
        in DicomEntry original,
        FreeTextMode mode,
        string itemPatientId,
        string itemPatientName,
        ref List<DicomTag>? creators,
        ref HashSet<DicomTag>? keptCreators,
        ref bool hasPlanes)
    {
        var tag = original.Tag;
        if (tag.IsGroupLength)
        {
            // Retired in datasets, and wrong once values change.
            dataset.RemoveAt(index, tag);
            return;
        }

        if (_rules?.Find(dataset, tag, original.VR) is { } rule)
        {
            // Site rules come last and win: the site asked for exactly this.
            ApplyRule(dataset, original, rule, mode, itemPatientId);
            if (tag.IsPrivate && dataset.Contains(tag) && tag.PrivateCreatorTag is { } ruleCreator)
            {
                (keptCreators ??= []).Add(ruleCreator);
            }

            return;
        }

        if ((tag.Group & 1) == 1)
        {
            if (tag.IsPrivateCreator)
            {
                (creators ??= []).Add(tag);
            }
            else if (SafePrivateAttributes.IsSafe(dataset, tag, _options, out var creatorTag))
            {
                (keptCreators ??= []).Add(creatorTag);
                var privateSequence = original.Sequence;
                if (original.IsElement && original.VR == DicomVR.UN)
                {
                    // A private sequence that arrived as UN (implicit VR, creator unknown to the reader): its items are
                    // parsed and cleaned one by one; bytes that are not items stay an element, which the sweep reads.
                    if (DicomUnknownValue.Reinterpret(original.ToElement(), DicomVR.SQ) is DicomSequence parsed)
                    {
                        dataset.AddOrUpdate(parsed);
                        privateSequence = parsed;
                    }
                }

                if (privateSequence is not null)
                {
                    ProcessItems(privateSequence, mode, itemPatientId);
                }
            }
            else
            {
                dataset.RemoveAt(index, tag);
            }

            return;
        }

        if (_options.Policy == AnonymizationPolicy.Strict && !ReviewedAttributes.IsStrictKeep(tag) && _actions.Table.Find(tag) != ProfileAction.Keep)
        {
            // Strict: only the keep-list, and what the table or an option explicitly keeps, survives.
            dataset.RemoveAt(index, tag);
            return;
        }

        // Safe by default: what the dictionary does not know never leaves; a value is judged by its dictionary VR.
        if (!DictionaryVR.Judge(original, out var replacement))
        {
            dataset.RemoveAt(index, tag);
            return;
        }

        var attribute = replacement is null ? original : Replace(dataset, replacement);

        hasPlanes |= OverlayPlanes.IsPlaneGroup(tag.Group);
        var action = _actions.For(tag, attribute.VR, mode);
        if ((tag == DicomTag.PatientID || tag == DicomTag.PatientName) && action is not ProfileAction.Keep && attribute.IsElement)
        {
            var patient = tag == DicomTag.PatientID
                ? _identities.PatientFor(ElementValues.ReadPatientId(dataset) ?? string.Empty, itemPatientName)
                : _identities.PatientFor(itemPatientId, itemPatientName);
            dataset.SetString(tag, tag == DicomTag.PatientID ? patient.PatientId : patient.PatientName, tag == DicomTag.PatientID ? DicomVR.LO : DicomVR.PN);
            return;
        }

        switch (attribute)
        {
            case { Sequence: { } sequence }:
                ApplyToSequence(dataset, sequence, action, mode, itemPatientId);
                break;
            case { IsElement: true }:
                _values.Apply(dataset, attribute, action);
                break;
            default:
                // Encapsulated pixel data: never read; removed only if the table says so.
                if (action is not null and not ProfileAction.Keep)
                {
                    dataset.RemoveAt(index, tag);
                }

                break;
        }
    }

    private void ProcessItems(DicomSequence sequence, FreeTextMode mode, string patientId)
    {
        foreach (var item in sequence.InnerItems)
        {
            Process(item, mode, patientId);
        }
    }

    private void ApplyToSequence(DicomDataset dataset, DicomSequence sequence, ProfileAction? action, FreeTextMode mode, string patientId)
    {
        switch (action)
        {
            case ProfileAction.Remove:
                dataset.Remove(sequence.Tag);
                break;
            case ProfileAction.Dummy when sequence.Tag == DicomTag.ReferencedPerformedProcedureStepSequence:
                _uids.KeepReferences(dataset, sequence);
                break;
            case ProfileAction.Dummy when IsIdentityCodeSequence(sequence.Tag) && sequence.Items.Count > 0:
                // Type 1 where used, and every item is someone's identification: the items stay, every value replaced.
                foreach (var item in sequence.InnerItems)
                {
                    ReplaceEveryValue(item);
                }

                break;
            case ProfileAction.Dummy when _actions.Table.IsPlainDummy(sequence.Tag) && sequence.Items.Count > 0:
                // Type 1 wherever used (SR content, verifying observer, graphic annotation): the tree stays, de-identified.
                ProcessItems(sequence, mode == FreeTextMode.Normal ? FreeTextMode.KeptTree : mode, patientId);
                break;
            case ProfileAction.ZeroLength:
            case ProfileAction.Dummy:
                // Zero items: valid where the sequence is Type 2 or 3, and carries nothing.
                dataset.AddOrUpdate(new DicomSequence(sequence.Tag));
                break;
            case ProfileAction.Clean:
                ProcessItems(sequence, FreeTextMode.Cleaned, patientId);
                break;
            default:
                ProcessItems(sequence, mode, patientId);
                break;
        }
    }

    /// <summary>Puts the attribute read with its dictionary VR in place of the one read, and returns its entry.</summary>
    private static DicomEntry Replace(DicomDataset dataset, DicomAttribute replacement)
    {
        dataset.AddOrUpdate(replacement);
        return new DicomEntry(replacement);
    }

    /// <summary>Plain-D sequences whose items identify a person or a flow (PS3.15 Table E.1-1): nothing in them is kept.</summary>
    private static bool IsIdentityCodeSequence(DicomTag tag) =>
        tag == DicomTag.PersonIdentificationCodeSequence || tag == DicomTag.FlowIdentifierSequence;

    private void ReplaceEveryValue(DicomDataset item)
    {
        foreach (var attribute in item.ToList())
        {
            switch (attribute)
            {
                case DicomSequence nested:
                    foreach (var nestedItem in nested.InnerItems)
                    {
                        ReplaceEveryValue(nestedItem);
                    }

                    break;
                case DicomElement element when element.Tag.IsGroupLength || element.Tag.IsPrivate:
                    item.Remove(element.Tag);
                    break;
                case DicomElement element:
                    var typed = DictionaryVR.Apply(element) as DicomElement;
                    if (typed is null)
                    {
                        item.Remove(element.Tag);
                    }
                    else
                    {
                        ElementValues.SetDummy(item, new DicomEntry(typed), _uids);
                    }

                    break;
                default:
                    item.Remove(attribute.Tag);
                    break;
            }
        }
    }

    /// <summary>Applies a site rule's action; a standard attribute is first read with its dictionary VR where it can be.</summary>
    private void ApplyRule(DicomDataset dataset, in DicomEntry original, SiteRules.Rule rule, FreeTextMode mode, string patientId)
    {
        var attribute = !original.Tag.IsPrivate && DictionaryVR.Judge(original, out var replacement) && replacement is not null
            ? Replace(dataset, replacement)
            : original;

        if (attribute.Sequence is { } sequence)
        {
            switch (rule.Action)
            {
                case AnonymizationRuleAction.Remove:
                    dataset.Remove(sequence.Tag);
                    break;
                case AnonymizationRuleAction.Keep:
                    ProcessItems(sequence, mode, patientId);
                    break;
                default:
                    dataset.AddOrUpdate(new DicomSequence(sequence.Tag));
                    break;
            }

            return;
        }

        if (!attribute.IsElement)
        {
            if (rule.Action != AnonymizationRuleAction.Keep)
            {
                dataset.Remove(attribute.Tag);
            }

            return;
        }

        _values.ApplyRule(dataset, attribute, rule);
    }
}

