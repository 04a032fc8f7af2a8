using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>
/// One instance being de-identified: walks a copy of the dataset at every depth and applies the resolved Table E.1-1
/// actions, remembering the identifiers replaced. Never reads a value still in the source file (pixel data).
/// </summary>
internal sealed class AnonymizationRun
{
    private const int MinimumIdentifierLength = 3;
    private const string DummyText = "ANONYMIZED";
    private const string StandardUidRoot = "1.2.840.10008.";

    private readonly AnonymizationOptions _options;
    private readonly ConfidentialityProfileActions _actions;
    private readonly PseudonymGenerator _pseudonyms;
    private readonly DicomDataset _source;
    private readonly Dictionary<(string Keyword, string Original), AnonymizedIdentity> _identities = [];
    private readonly HashSet<string> _identifiers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, string Name), PatientPseudonym> _patients = [];
    private readonly string _originalPatientId;
    private readonly string _originalPatientName;
    private int? _dateShiftDays;

    public AnonymizationRun(AnonymizationOptions options, ConfidentialityProfileActions actions, PseudonymGenerator pseudonyms, DicomDataset source)
    {
        _options = options;
        _actions = actions;
        _pseudonyms = pseudonyms;
        _source = source;
        _originalPatientId = ReadText(source, DicomTag.PatientID) ?? string.Empty;
        _originalPatientName = ReadText(source, DicomTag.PatientName) ?? string.Empty;
    }

    /// <summary>The identifiers replaced so far, each once.</summary>
    public IReadOnlyList<AnonymizedIdentity> Identities => [.. _identities.Values];

    /// <summary>De-identifies a copy of the source dataset and returns it.</summary>
    public DicomDataset Execute()
    {
        CollectIdentifiers(_source);
        var dataset = _source.Clone();
        Process(dataset, clean: false, inheritedPatientId: _originalPatientId);

        // The top level always carries the pseudonym, also when the source had no patient identity at all.
        var patient = PatientFor(_originalPatientId, _originalPatientName);
        dataset.SetString(DicomTag.PatientID, patient.PatientId, DicomVR.LO);
        dataset.SetString(DicomTag.PatientName, patient.PatientName, DicomVR.PN);
        DeidentificationMethodCodes.Apply(dataset, _options);
        return dataset;
    }

    private void Process(DicomDataset dataset, bool clean, string inheritedPatientId)
    {
        var itemPatientId = ReadText(dataset, DicomTag.PatientID) ?? inheritedPatientId;
        var itemPatientName = ReadText(dataset, DicomTag.PatientName) ?? string.Empty;
        List<DicomTag>? creators = null;
        HashSet<DicomTag>? keptCreators = null;
        HashSet<ushort>? removedOverlays = null;

        foreach (var attribute in dataset.ToList())
        {
            var tag = attribute.Tag;
            if (tag.IsGroupLength)
            {
                // Retired in datasets, and wrong once values change.
                dataset.Remove(tag);
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
                    if (attribute is DicomSequence privateSequence)
                    {
                        ProcessItems(privateSequence, clean, itemPatientId);
                    }
                }
                else
                {
                    dataset.Remove(tag);
                }

                continue;
            }

            var action = _actions.Find(tag);
            if ((tag == DicomTag.PatientID || tag == DicomTag.PatientName) && action is not ProfileAction.Keep && attribute is DicomElement)
            {
                var patient = tag == DicomTag.PatientID
                    ? PatientFor(ReadText(dataset, tag) ?? string.Empty, itemPatientName)
                    : PatientFor(itemPatientId, itemPatientName);
                dataset.SetString(tag, tag == DicomTag.PatientID ? patient.PatientId : patient.PatientName, tag == DicomTag.PatientID ? DicomVR.LO : DicomVR.PN);
                continue;
            }

            switch (attribute)
            {
                case DicomSequence sequence:
                    ApplyToSequence(dataset, sequence, action, clean, itemPatientId);
                    break;
                case DicomElement element:
                    ApplyToElement(dataset, element, action, clean);
                    break;
                default:
                    // Encapsulated pixel data: never read; removed only if the table says so.
                    if (action is not null and not ProfileAction.Keep)
                    {
                        dataset.Remove(tag);
                    }

                    break;
            }

            if (action == ProfileAction.Remove && (tag.Group & 0xFF00) == 0x6000 && tag.Element == 0x3000)
            {
                (removedOverlays ??= []).Add(tag.Group);
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

        if (removedOverlays is not null)
        {
            // An overlay plane without its data is invalid (Overlay Data is Type 1): drop the whole plane.
            dataset.RemoveAll(a => removedOverlays.Contains(a.Tag.Group));
        }
    }

    private void ProcessItems(DicomSequence sequence, bool clean, string patientId)
    {
        foreach (var item in sequence.Items)
        {
            Process(item, clean, patientId);
        }
    }

    private void ApplyToSequence(DicomDataset dataset, DicomSequence sequence, ProfileAction? action, bool clean, string patientId)
    {
        switch (action)
        {
            case ProfileAction.Remove:
                dataset.Remove(sequence.Tag);
                break;
            case ProfileAction.ZeroLength:
                dataset.AddOrUpdate(new DicomSequence(sequence.Tag));
                break;
            case ProfileAction.Dummy:
                // One empty item: valid where the sequence is Type 1, and carries nothing.
                dataset.AddOrUpdate(new DicomSequence(sequence.Tag, new DicomDataset()));
                break;
            case ProfileAction.Clean:
                ProcessItems(sequence, clean: true, patientId);
                break;
            default:
                ProcessItems(sequence, clean, patientId);
                break;
        }
    }

    private void ApplyToElement(DicomDataset dataset, DicomElement element, ProfileAction? action, bool clean)
    {
        switch (action)
        {
            case null:
                // Not in the table: kept, but free text inside an item being cleaned is cleaned too.
                if (clean && IsFreeText(element.VR))
                {
                    CleanText(dataset, element);
                }

                break;
            case ProfileAction.Keep:
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
        var vr = ValueVR(element);
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            var text = element.IsInSourceFile ? null : ReadText(dataset, element.Tag);
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
        else
        {
            // Bytes (overlay or curve data, UN) cannot be inspected: removed.
            dataset.Remove(element.Tag);
        }
    }

    /// <summary>Keeps the text unless it contains a value the profile removes elsewhere in the instance; then zero length.</summary>
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

        var upper = text.ToUpperInvariant();
        foreach (var identifier in _identifiers)
        {
            if (upper.Contains(identifier, StringComparison.Ordinal))
            {
                SetEmpty(dataset, element);
                return;
            }
        }
    }

    private void SetDummy(DicomDataset dataset, DicomElement element)
    {
        var vr = ValueVR(element);
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
        var vr = ValueVR(element);
        if (vr != DicomVR.UI || element.IsInSourceFile)
        {
            SetEmpty(dataset, element);
            return;
        }

        var keyword = Keyword(element.Tag);
        var values = (ReadText(dataset, element.Tag) ?? string.Empty).Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i].Trim('\0', ' ');
            if (original.Length == 0 || original.StartsWith(StandardUidRoot, StringComparison.Ordinal))
            {
                // Empty, or a UID the standard defines (a class, a coding scheme): not an instance's identity.
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
    /// Gathers, upper-cased, every text value the profile removes or replaces (names, IDs, addresses, dates...) so that
    /// cleaning can blank any kept text that repeats one of them.
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

            if (attribute is not DicomElement element || element.IsInSourceFile || !IsIdentifierVR(ValueVR(element)))
            {
                continue;
            }

            var action = _actions.Find(element.Tag);
            if (action is null or ProfileAction.Keep or ProfileAction.Clean)
            {
                continue;
            }

            var text = ReadText(dataset, element.Tag);
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var part in text.Split(['\\', '^', '='], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                AddIdentifier(part);
            }

            AddIdentifier(text.Replace('^', ' ').Trim());
        }
    }

    private void AddIdentifier(string value)
    {
        if (value.Length >= MinimumIdentifierLength)
        {
            _identifiers.Add(value.ToUpperInvariant());
        }
    }

    private static string? ReadText(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetElement(tag, out var element) && !element.IsInSourceFile ? dataset.GetString(tag) : null;

    private static void SetEmpty(DicomDataset dataset, DicomElement element) =>
        dataset.AddOrUpdate(new DicomElement(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty));

    /// <summary>The element's VR, or the dictionary's when it was read as UN.</summary>
    private static DicomVR ValueVR(DicomElement element) =>
        element.VR == DicomVR.UN ? DicomDictionary.GetDefaultVR(element.Tag) : element.VR;

    private static bool IsFreeText(DicomVR vr) =>
        vr == DicomVR.PN || vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT
        || vr == DicomVR.UT || vr == DicomVR.UC || vr == DicomVR.AE;

    private static bool IsIdentifierVR(DicomVR vr) => IsFreeText(vr) || vr == DicomVR.DA || vr == DicomVR.DT;

    private static string Keyword(DicomTag tag) =>
        DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : tag.ToString();
}
