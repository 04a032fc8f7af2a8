using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// One instance being de-identified: walks a copy of the dataset at every depth and applies, in this order, the
/// resolved Table E.1-1 actions (with the options), then the safe-by-default layer for whatever the table does not
/// list, remembering the identifiers replaced. Never reads a value still in the source file (pixel data).
/// </summary>
internal sealed class AnonymizationRun
{
    private const string DummyText = "ANONYMIZED";

    /// <summary>A dummy person name with a family and a given name component.</summary>
    private const string DummyPersonName = "ANONYMIZED^PERSON";

    private readonly AnonymizationOptions _options;
    private readonly ConfidentialityProfileActions _actions;
    private readonly SiteRules? _rules;
    private readonly PseudonymGenerator _pseudonyms;
    private readonly DicomDataset _source;
    private readonly Dictionary<(string Keyword, string Original), AnonymizedIdentity> _identities = [];
    private HashSet<string>? _identifiers;
    private readonly Dictionary<(string Id, string Name), PatientPseudonym> _patients = [];
    private readonly string _originalPatientId;
    private readonly string _originalPatientName;
    private int? _dateShiftDays;

    public AnonymizationRun(
        AnonymizationOptions options, ConfidentialityProfileActions actions, SiteRules? rules, PseudonymGenerator pseudonyms, DicomDataset source)
    {
        _options = options;
        _actions = actions;
        _rules = rules;
        _pseudonyms = pseudonyms;
        _source = source;
        _originalPatientId = ReadPatientId(source) ?? string.Empty;
        _originalPatientName = ReadText(source, DicomTag.PatientName) ?? string.Empty;
    }

    /// <summary>How free text is treated inside the items being processed.</summary>
    private enum TextMode
    {
        /// <summary>By the table, else by the reviewed class of the attribute.</summary>
        Normal,

        /// <summary>Inside a sequence the table replaces (D) but whose items must stay (SR content): kept text is cleaned, removed text stays removed.</summary>
        KeptTree,

        /// <summary>Inside a sequence a Clean option keeps: every text is cleaned.</summary>
        Cleaned,
    }

    /// <summary>The identifiers replaced so far, each once.</summary>
    public IReadOnlyList<AnonymizedIdentity> Identities => [.. _identities.Values];

    /// <summary>De-identifies a copy of the source dataset and returns it.</summary>
    public DicomDataset Execute()
    {
        var dataset = _source.Clone();
        Process(dataset, TextMode.Normal, inheritedPatientId: _originalPatientId);

        // The top level always carries the pseudonym, also when the source had no patient identity at all.
        var patient = PatientFor(_originalPatientId, _originalPatientName);
        dataset.SetString(DicomTag.PatientID, patient.PatientId, DicomVR.LO);
        dataset.SetString(DicomTag.PatientName, patient.PatientName, DicomVR.PN);
        DeidentificationMethodCodes.Apply(dataset, _options, _rules);
        return dataset;
    }

    private void Process(DicomDataset dataset, TextMode mode, string inheritedPatientId)
    {
        var itemPatientId = ReadPatientId(dataset) ?? inheritedPatientId;
        var itemPatientName = ReadText(dataset, DicomTag.PatientName) ?? string.Empty;
        List<DicomTag>? creators = null;
        HashSet<DicomTag>? keptCreators = null;
        var hasPlanes = false;

        foreach (var original in dataset.ToList())
        {
            var tag = original.Tag;
            if (tag.IsGroupLength)
            {
                // Retired in datasets, and wrong once values change.
                dataset.Remove(tag);
                continue;
            }

            if (_rules?.Find(dataset, original) is { } rule)
            {
                // Site rules come last and win: the site asked for exactly this.
                ApplyRule(dataset, original, rule, mode, itemPatientId);
                if (tag.IsPrivate && dataset.Contains(tag) && tag.PrivateCreatorTag is { } ruleCreator)
                {
                    (keptCreators ??= []).Add(ruleCreator);
                }

                continue;
            }

            if ((tag.Group & 1) == 1)
            {
                if (tag.IsPrivateCreator)
                {
                    (creators ??= []).Add(tag);
                }
                else if (IsSafePrivate(dataset, tag, out var creatorTag))
                {
                    (keptCreators ??= []).Add(creatorTag);
                    if (original is DicomSequence privateSequence)
                    {
                        ProcessItems(privateSequence, mode, itemPatientId);
                    }
                }
                else
                {
                    dataset.Remove(tag);
                }

                continue;
            }

            if (_options.Policy == AnonymizationPolicy.Strict && !ReviewedAttributes.IsStrictKeep(tag) && _actions.Find(tag) != ProfileAction.Keep)
            {
                // Strict: only the keep-list, and what the table or an option explicitly keeps, survives.
                dataset.Remove(tag);
                continue;
            }

            // Safe by default: what the dictionary does not know never leaves; a value is judged by its dictionary VR.
            var attribute = WithDictionaryVR(original);
            if (attribute is null)
            {
                dataset.Remove(tag);
                continue;
            }

            if (!ReferenceEquals(attribute, original))
            {
                dataset.AddOrUpdate(attribute);
            }

            hasPlanes |= IsPlaneGroup(tag.Group);
            var action = ActionFor(tag, attribute.VR, mode);
            if ((tag == DicomTag.PatientID || tag == DicomTag.PatientName) && action is not ProfileAction.Keep && attribute is DicomElement)
            {
                var patient = tag == DicomTag.PatientID
                    ? PatientFor(ReadPatientId(dataset) ?? string.Empty, itemPatientName)
                    : PatientFor(itemPatientId, itemPatientName);
                dataset.SetString(tag, tag == DicomTag.PatientID ? patient.PatientId : patient.PatientName, tag == DicomTag.PatientID ? DicomVR.LO : DicomVR.PN);
                continue;
            }

            switch (attribute)
            {
                case DicomSequence sequence:
                    ApplyToSequence(dataset, sequence, action, mode, itemPatientId);
                    break;
                case DicomElement element:
                    ApplyToElement(dataset, element, action);
                    break;
                default:
                    // Encapsulated pixel data: never read; removed only if the table says so.
                    if (action is not null and not ProfileAction.Keep)
                    {
                        dataset.Remove(tag);
                    }

                    break;
            }
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
            RemoveIncompletePlanes(dataset);
        }
    }

    /// <summary>
    /// The action for an attribute: the table's (with the options) when it lists the tag; otherwise the safe-by-default
    /// layer by the dictionary VR: names replaced, dates shifted or removed, UIDs remapped unless they name a class, free
    /// text by its reviewed class.
    /// </summary>
    private ProfileAction? ActionFor(DicomTag tag, DicomVR vr, TextMode mode)
    {
        var action = _actions.Find(tag);
        if (action is not null)
        {
            return action;
        }

        if (vr == DicomVR.PN)
        {
            return ProfileAction.ZeroLength;
        }

        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            return _options.RetainLongitudinalModifiedDates ? ProfileAction.Clean
                : _options.RetainLongitudinalFullDates ? ProfileAction.Keep
                : ProfileAction.Remove;
        }

        if (vr == DicomVR.UI)
        {
            return _options.RetainUids || ReviewedAttributes.IsUidClass(tag) ? ProfileAction.Keep : ProfileAction.ReplaceUid;
        }

        if (!IsFreeText(vr))
        {
            return null;
        }

        var reviewed = ReviewedAttributes.FindFreeText(tag) ?? FreeTextClass.Clean;
        return (mode, reviewed) switch
        {
            (TextMode.Normal, FreeTextClass.Keep) => null,
            // The dummy, not zero length: valid where the text is Type 1 (an SR TEXT item's Text Value), and it carries nothing.
            (TextMode.Normal or TextMode.KeptTree, FreeTextClass.Remove) => ProfileAction.Dummy,
            _ => ProfileAction.Clean,
        };
    }

    /// <summary>
    /// The attribute as its dictionary entry says it is, or <see langword="null"/> to remove it: unknown tags, the file
    /// meta group, sequences where the dictionary has a value, and values whose bytes are not a value of the dictionary
    /// VR. A UN value is read with the dictionary VR (a sequence's items as implicit VR little endian).
    /// </summary>
    private static DicomAttribute? WithDictionaryVR(DicomAttribute attribute)
    {
        var tag = attribute.Tag;
        if (tag.Group == 0x0002 || !DicomDictionary.TryGetEntry(tag, out var entry) || entry.ValueRepresentations.Count == 0)
        {
            return null;
        }

        var vrs = entry.ValueRepresentations;
        if (attribute is DicomSequence)
        {
            return vrs.Contains(DicomVR.SQ) ? attribute : null;
        }

        if (attribute is not DicomElement element || vrs.Contains(element.VR))
        {
            return attribute;
        }

        var vr = entry.DefaultVR;
        if (element.VR == DicomVR.UN)
        {
            var taken = DicomUnknownValue.Reinterpret(element, vr);
            return taken is DicomElement value ? Validated(value) : taken;
        }

        if (element.VR.IsString && vr.IsString && !element.IsInSourceFile)
        {
            return Validated(new DicomElement(tag, vr, element.MemoryBytes));
        }

        // Numbers written with another binary VR are still numbers; anything else cannot be read as the dictionary says.
        return !element.VR.IsString && !vr.IsString && !vr.IsSequence ? element : null;
    }

    /// <summary>The element, or <see langword="null"/> when its text holds characters its VR does not allow.</summary>
    private static DicomElement? Validated(DicomElement element)
    {
        if (!element.VR.IsString || element.IsInSourceFile)
        {
            return element;
        }

        var allowed = element.VR.Code switch
        {
            "DA" => "0123456789-\\ ",
            "DT" => "0123456789-+.\\ ",
            "TM" => "0123456789.:-\\ ",
            "UI" => "0123456789.\\\0",
            "AS" => "0123456789DWMY\\ ",
            "IS" => "0123456789+-\\ ",
            "DS" => "0123456789+-.eE\\ ",
            "CS" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_\\ ",
            _ => null,
        };
        if (allowed is null)
        {
            return element;
        }

        foreach (var b in element.MemoryBytes.Span)
        {
            if (allowed.IndexOf((char)b, StringComparison.Ordinal) < 0)
            {
                return null;
            }
        }

        return element;
    }

    private void ProcessItems(DicomSequence sequence, TextMode mode, string patientId)
    {
        foreach (var item in sequence.Items)
        {
            Process(item, mode, patientId);
        }
    }

    private void ApplyToSequence(DicomDataset dataset, DicomSequence sequence, ProfileAction? action, TextMode mode, string patientId)
    {
        switch (action)
        {
            case ProfileAction.Remove:
                dataset.Remove(sequence.Tag);
                break;
            case ProfileAction.Dummy when sequence.Tag == DicomTag.ReferencedPerformedProcedureStepSequence:
                KeepReferences(dataset, sequence);
                break;
            case ProfileAction.Dummy when _actions.IsPlainDummy(sequence.Tag) && sequence.Items.Count > 0:
                // Type 1 wherever used (SR content, verifying observer, graphic annotation): the tree stays, de-identified.
                ProcessItems(sequence, mode == TextMode.Normal ? TextMode.KeptTree : mode, patientId);
                break;
            case ProfileAction.ZeroLength:
            case ProfileAction.Dummy:
                // Zero items: valid where the sequence is Type 2 or 3, and carries nothing.
                dataset.AddOrUpdate(new DicomSequence(sequence.Tag));
                break;
            case ProfileAction.Clean:
                ProcessItems(sequence, TextMode.Cleaned, patientId);
                break;
            default:
                ProcessItems(sequence, mode, patientId);
                break;
        }
    }

    /// <summary>Each item reduced to its SOP class and remapped SOP instance, the pair an item of the sequence needs.</summary>
    private void KeepReferences(DicomDataset dataset, DicomSequence sequence)
    {
        var kept = new DicomSequence(sequence.Tag);
        dataset.AddOrUpdate(kept);
        foreach (var item in sequence.Items)
        {
            if (item.TryGetElement(DicomTag.ReferencedSOPClassUID, out var sopClass)
                && item.TryGetElement(DicomTag.ReferencedSOPInstanceUID, out var sopInstance)
                && sopClass.VR == DicomVR.UI && sopInstance.VR == DicomVR.UI)
            {
                var reference = new DicomDataset(sopClass, sopInstance);
                kept.Items.Add(reference);
                ReplaceUids(reference, sopInstance);
            }
        }
    }

    private void ApplyToElement(DicomDataset dataset, DicomElement element, ProfileAction? action)
    {
        switch (action)
        {
            case null:
            case ProfileAction.Keep:
                ReplaceUidsInText(dataset, element);
                break;
            case ProfileAction.Remove:
                dataset.Remove(element.Tag);
                break;
            case ProfileAction.ZeroLength:
                SetEmpty(dataset, element);
                break;
            case ProfileAction.Dummy:
                SetDummy(dataset, element);
                break;
            case ProfileAction.ReplaceUid:
            case ProfileAction.ReplaceUidsWithin:
                ReplaceUids(dataset, element);
                break;
            case ProfileAction.Clean:
                Clean(dataset, element);
                break;
        }
    }

    private void Clean(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            ShiftDates(dataset, element);
        }
        else if (vr == DicomVR.TM || vr.IsBinaryNumber || vr == DicomVR.AT)
        {
            // Times of day carry no date, and numbers no text.
        }
        else if (vr == DicomVR.UI)
        {
            ReplaceUids(dataset, element);
        }
        else if (vr.IsString)
        {
            CleanText(dataset, element);
        }
        else if (!IsPlaneGroup(element.Tag.Group))
        {
            // Bytes cannot be inspected: removed. Overlay and curve data are the graphic Clean Graphics keeps.
            dataset.Remove(element.Tag);
        }
    }

    /// <summary>Shifts a DA or DT value by the patient's offset; a value that cannot be shifted (or another VR) becomes zero length.</summary>
    private void ShiftDates(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        var text = element.IsInSourceFile || (vr != DicomVR.DA && vr != DicomVR.DT) ? null : ReadText(dataset, element.Tag);
        var days = _dateShiftDays ??= _pseudonyms.DateShiftDays(PatientKey(_originalPatientId, _originalPatientName));
        var shifted = text is null ? null
            : vr == DicomVR.DA ? DicomDateShift.ShiftDate(text, days)
            : DicomDateShift.ShiftDateTime(text, days);
        if (shifted is null)
        {
            SetEmpty(dataset, element);
        }
        else
        {
            dataset.SetString(element.Tag, shifted, vr);
        }
    }

    /// <summary>Applies a site rule's action; a standard attribute is first read with its dictionary VR where it can be.</summary>
    private void ApplyRule(DicomDataset dataset, DicomAttribute original, SiteRules.Rule rule, TextMode mode, string patientId)
    {
        var attribute = original.Tag.IsPrivate ? original : WithDictionaryVR(original) ?? original;
        if (!ReferenceEquals(attribute, original))
        {
            dataset.AddOrUpdate(attribute);
        }

        if (attribute is DicomSequence sequence)
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

        if (attribute is not DicomElement element)
        {
            if (rule.Action != AnonymizationRuleAction.Keep)
            {
                dataset.Remove(attribute.Tag);
            }

            return;
        }

        switch (rule.Action)
        {
            case AnonymizationRuleAction.Keep:
                break;
            case AnonymizationRuleAction.Remove:
                dataset.Remove(element.Tag);
                break;
            case AnonymizationRuleAction.Empty:
                SetEmpty(dataset, element);
                break;
            case AnonymizationRuleAction.Dummy:
                SetDummy(dataset, element);
                break;
            case AnonymizationRuleAction.Replace when element.VR.IsString:
                dataset.SetString(element.Tag, rule.Value ?? string.Empty, element.VR);
                break;
            case AnonymizationRuleAction.RemapUid:
                ReplaceUids(dataset, element);
                break;
            case AnonymizationRuleAction.ShiftDate:
                ShiftDates(dataset, element);
                break;
            case AnonymizationRuleAction.Hash when element.VR.IsString && !element.IsInSourceFile && !IsBlank(element):
                var hash = _pseudonyms.Hash(ReadText(dataset, element.Tag) ?? string.Empty);
                dataset.SetString(element.Tag, element.VR.MaxLength < hash.Length ? hash[..element.VR.MaxLength] : hash, element.VR);
                break;
            default:
                // Replace or Hash on a value that is not text (checked where the VR is known in advance): nothing is kept.
                SetEmpty(dataset, element);
                break;
        }
    }

    /// <summary>
    /// Keeps the text unless, normalised, it contains a value the profile removes elsewhere in the instance; then zero
    /// length. UIDs inside a kept text become their remapped value.
    /// </summary>
    private void CleanText(DicomDataset dataset, DicomElement element)
    {
        if (element.IsInSourceFile)
        {
            SetEmpty(dataset, element);
            return;
        }

        var text = ReadText(dataset, element.Tag);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        // Gathered on the first text to clean: most instances have none, and gathering is the costly part.
        if (_identifiers is null)
        {
            _identifiers = new HashSet<string>(StringComparer.Ordinal);
            CollectIdentifiers(_source);
        }

        if (IdentifierNormalizer.ContainsAny(text, _identifiers))
        {
            // A Code Meaning is Type 1 wherever a code is (the Basic Code Sequence Macro): emptied, the item would be
            // invalid, so it gets the dummy; other cleaned text goes empty.
            if (element.Tag == DicomTag.CodeMeaning)
            {
                SetDummy(dataset, element);
            }
            else
            {
                SetEmpty(dataset, element);
            }

            return;
        }

        ReplaceUidsInText(dataset, element);
    }

    /// <summary>In UR, UT, LT and ST text, every UID not of the registry becomes its remapped value.</summary>
    private void ReplaceUidsInText(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (_options.RetainUids || element.IsInSourceFile || !(vr == DicomVR.UR || vr == DicomVR.UT || vr == DicomVR.LT || vr == DicomVR.ST))
        {
            return;
        }

        var text = ReadText(dataset, element.Tag);
        if (string.IsNullOrEmpty(text) || !IdentifierNormalizer.UidPattern().IsMatch(text))
        {
            return;
        }

        var keyword = Keyword(element.Tag);
        var replaced = IdentifierNormalizer.UidPattern().Replace(text, match =>
        {
            if (DicomUidRegistry.Contains(match.Value))
            {
                return match.Value;
            }

            var uid = _pseudonyms.Uid(match.Value);
            Remember(keyword, match.Value, uid);
            return uid;
        });
        dataset.SetString(element.Tag, replaced, vr);
    }

    private void SetDummy(DicomDataset dataset, DicomElement element)
    {
        var vr = element.VR;
        if (IsBlank(element))
        {
            // An empty value (a Type 2 attribute left empty) stays empty: a dummy would only add a value that was not there.
            return;
        }

        if (vr == DicomVR.UI)
        {
            ReplaceUids(dataset, element);
        }
        else if (vr.IsString)
        {
            var text = vr.Code switch
            {
                "DA" => "19000101",
                "DT" => "19000101000000",
                "TM" => "000000",
                "AS" => "000Y",
                "IS" or "DS" => "0",
                "PN" => DummyPersonName,
                "UR" => string.Empty,
                _ => DummyText.Length <= vr.MaxLength ? DummyText : DummyText[..vr.MaxLength],
            };
            dataset.SetString(element.Tag, text, vr);
        }
        else if (vr.IsBinaryNumber || vr == DicomVR.AT || vr.IsBulk && vr != DicomVR.UN)
        {
            dataset.AddOrUpdate(new DicomElement(element.Tag, vr, new byte[Math.Max(2, vr.UnitSize)]));
        }
        else
        {
            SetEmpty(dataset, element);
        }
    }

    private void ReplaceUids(DicomDataset dataset, DicomElement element)
    {
        if (element.VR != DicomVR.UI || element.IsInSourceFile)
        {
            SetEmpty(dataset, element);
            return;
        }

        var keyword = Keyword(element.Tag);
        var values = (ReadText(dataset, element.Tag) ?? string.Empty).Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i].Trim('\0', ' ');
            if (original.Length == 0 || DicomUidRegistry.Contains(original))
            {
                // Empty, or a UID the standard defines (a class, a syntax, a well-known instance): nobody's identity.
                values[i] = original;
                continue;
            }

            values[i] = _pseudonyms.Uid(original);
            Remember(keyword, original, values[i]);
        }

        dataset.SetString(element.Tag, string.Join('\\', values), DicomVR.UI);
    }

    private PatientPseudonym PatientFor(string originalId, string originalName)
    {
        if (_patients.TryGetValue((originalId, originalName), out var known))
        {
            return known;
        }

        var patient = _options.PatientIdentityProvider?.GetIdentity(originalId)
            ?? _pseudonyms.Patient(PatientKey(originalId, originalName));
        _patients[(originalId, originalName)] = patient;
        if (originalId.Length > 0)
        {
            Remember("PatientID", originalId, patient.PatientId);
        }

        if (originalName.Length > 0)
        {
            Remember("PatientName", originalName, patient.PatientName);
        }

        return patient;
    }

    /// <summary>What pseudonyms and the date shift derive from: the Patient ID, or the name when there is no ID.</summary>
    private static string PatientKey(string patientId, string patientName) =>
        patientId.Length > 0 ? patientId : "name:" + patientName;

    private void Remember(string keyword, string original, string replacement) =>
        _identities.TryAdd((keyword, original), new AnonymizedIdentity(keyword, original, replacement));

    private bool IsSafePrivate(DicomDataset dataset, DicomTag tag, out DicomTag creatorTag)
    {
        creatorTag = default;
        if (!_options.RetainSafePrivate || !tag.IsPrivate || tag.PrivateCreatorTag is not { } creator)
        {
            return false;
        }

        creatorTag = creator;
        var creatorName = ReadText(dataset, creator)?.Trim();
        if (string.IsNullOrEmpty(creatorName))
        {
            return false;
        }

        var offset = (byte)(tag.Element & 0xFF);
        foreach (var safe in _options.SafePrivateTags)
        {
            if (safe.Element == offset && string.Equals(safe.Creator.Trim(), creatorName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Gathers, normalised, every name, date, ID and text the table removes or replaces, every name and date the
    /// safe-by-default layer does, and the text of private and unknown attributes (at any depth), so that cleaning can
    /// blank any kept text that repeats one of them.
    /// </summary>
    private void CollectIdentifiers(DicomDataset dataset)
    {
        foreach (var attribute in dataset)
        {
            if (attribute is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    CollectIdentifiers(item);
                }

                continue;
            }

            if (attribute is not DicomElement element || element.IsInSourceFile || !element.VR.IsString && element.VR != DicomVR.UN)
            {
                continue;
            }

            var tag = element.Tag;
            DicomDictionaryEntry? entry = null;
            var known = (tag.Group & 1) == 0 && DicomDictionary.TryGetEntry(tag, out entry);
            var vr = known ? entry!.DefaultVR : element.VR;
            var kind = vr == DicomVR.PN ? IdentifierKind.PersonName
                : vr == DicomVR.DA || vr == DicomVR.DT ? IdentifierKind.Date
                : IsFreeText(vr) || vr == DicomVR.UN ? IdentifierKind.Text
                : (IdentifierKind?)null;
            // The table's removed values, and the names and dates of the safe-by-default layer; not free text it removes
            // (a comment is no identifier, and would match itself where a Clean option keeps it).
            var action = !known ? ProfileAction.Remove
                : _actions.Find(tag) ?? (kind is IdentifierKind.PersonName or IdentifierKind.Date ? ActionFor(tag, vr, TextMode.Normal) : null);
            if (kind is null || action is null or ProfileAction.Keep or ProfileAction.Clean or ProfileAction.ReplaceUid or ProfileAction.ReplaceUidsWithin)
            {
                continue;
            }

            var text = ReadText(dataset, tag);
            if (!string.IsNullOrEmpty(text))
            {
                IdentifierNormalizer.AddVariants(text, kind.Value, _identifiers!);
            }
        }
    }

    /// <summary>Removes every overlay or curve plane left without its data (Type 1): its description and label would leak alone.</summary>
    private static void RemoveIncompletePlanes(DicomDataset dataset)
    {
        var planes = new HashSet<ushort>();
        var withData = new HashSet<ushort>();
        foreach (var attribute in dataset)
        {
            var group = attribute.Tag.Group;
            if (IsPlaneGroup(group))
            {
                planes.Add(group);
                if (attribute.Tag.Element == 0x3000)
                {
                    withData.Add(group);
                }
            }
        }

        planes.ExceptWith(withData);
        if (planes.Count > 0)
        {
            dataset.RemoveAll(a => planes.Contains(a.Tag.Group));
        }
    }

    /// <summary>The curve groups 5000-501E and overlay groups 6000-601E (even; PS3.5 7.6).</summary>
    private static bool IsPlaneGroup(ushort group) => (group & 0xFF01) is 0x5000 or 0x6000 && (group & 0xFF) <= 0x1E;

    private static bool IsBlank(DicomElement element)
    {
        if (element.IsInSourceFile)
        {
            return element.Length == 0;
        }

        foreach (var b in element.MemoryBytes.Span)
        {
            if (b is not ((byte)' ' or 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The Patient ID without its insignificant leading and trailing spaces (LO).</summary>
    private static string? ReadPatientId(DicomDataset dataset) => ReadText(dataset, DicomTag.PatientID)?.Trim();

    private static string? ReadText(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetElement(tag, out var element) && !element.IsInSourceFile ? dataset.GetString(tag) : null;

    private static void SetEmpty(DicomDataset dataset, DicomElement element) =>
        dataset.AddOrUpdate(new DicomElement(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty));

    private static bool IsFreeText(DicomVR vr) =>
        vr == DicomVR.PN || vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT
        || vr == DicomVR.UT || vr == DicomVR.UC || vr == DicomVR.AE || vr == DicomVR.UR;

    private static string Keyword(DicomTag tag) =>
        DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : tag.ToString();
}
