using System.Collections.Frozen;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>
/// Scans one output file (and its name) in one pass over its elements: each value decoded with the dataset's character
/// set and, where the bytes allow another reading, as raw bytes (Latin-1, UTF-8, ISO 2022); each decoded text cut into
/// tokens once and looked up in the search set by hashed token n-grams. Not thread-safe: one scanner per file.
/// </summary>
internal sealed class OutputScanner
{
    /// <summary>The kind of a person name that is not one of our pseudonyms.</summary>
    public const string NotPseudonymKind = "person name that is not a pseudonym";

    /// <summary>The kind of a UID outside the pseudonymous root and the registry.</summary>
    public const string ForeignUidKind = "UID outside 2.25. and the registry";

    private const string PseudonymPrefix = "ANON^";
    private const int PseudonymCodeLength = 10;

    // Modalities whose images often carry text burned into the pixels (PS3.3 C.7.3.1.1.1 defined terms).
    private static readonly FrozenSet<string> BurnedInTextModalities = FrozenSet.ToFrozenSet(
        ["US", "IVUS", "SC", "XC", "OT", "ES", "GM", "SM", "OP", "DOC"], StringComparer.Ordinal);

    // Pixel-like values never read: pixel data, overlay data, waveform data and their float variants.
    private static readonly DicomTag[] PixelTags =
        [new(0x7FE00008), new(0x7FE00009), new(0x7FE00010), new(0x54001010), new(0x56000020), new(0x00420011)];

    private static readonly DicomTag PatientIdentityRemovedTag = new(0x00120062);
    private static readonly DicomTag LongitudinalTemporalInformationModifiedTag = new(0x00280303);
    private static readonly DicomTag BurnedInAnnotationTag = new(0x00280301);
    private static readonly DicomTag ModalityTag = new(0x00080060);

    // The parts of a coded concept (Code Sequence Macro) that name a term of a coding scheme: Code Value, Coding Scheme
    // Designator and Version, Mapping Resource, Context Identifier, Long and URN Code Value. A DCM code such as 121071
    // is not a patient's ID, however many digits the two share; the code's meaning (free text) is still scanned.
    private static readonly FrozenSet<uint> CodeTags = FrozenSet.ToFrozenSet(new uint[] { 0x00080100, 0x00080102, 0x00080103, 0x00080105, 0x0008010F, 0x00080119, 0x00080120 });

    // Escape sequences name their own sets, so raw bytes with ESC can be read without knowing the dataset's.
    private static readonly DicomCharacterSet Iso2022 = DicomCharacterSet.FromSpecificCharacterSet(
        ["ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58", "ISO 2022 IR 100"]);

    private static readonly System.Buffers.SearchValues<char> UidCharacters = System.Buffers.SearchValues.Create("0123456789.");

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: false);

    private readonly IdentifierSearchSet? _set;
    private readonly VerificationOptions _options;
    private readonly bool _matchDateElements;
    private readonly TextTokens _tokens = new();
    private readonly List<MatchedFinding> _findings = [];
    private readonly HashSet<(string File, string Path, string Kind)> _seen = [];
    private string _file = string.Empty;

    /// <summary>Creates a scanner for one file.</summary>
    /// <param name="set">The originals' values, or null to scan without originals.</param>
    /// <param name="options">The options.</param>
    /// <param name="pairedWithOriginal">
    /// The set holds only this file's own original. When it holds a whole folder and the run shifted dates, a shifted
    /// date in a DA or DT element may by chance equal another patient's original date, so such elements are not
    /// matched against original dates (dates written anywhere else still are).
    /// </param>
    public OutputScanner(IdentifierSearchSet? set, VerificationOptions options, bool pairedWithOriginal)
    {
        _set = set is { Count: > 0 } ? set : null;
        _options = options;
        _matchDateElements = pairedWithOriginal || !options.DatesShifted;
    }

    /// <summary>Everything found so far.</summary>
    public IReadOnlyList<MatchedFinding> Findings => _findings;

    /// <summary>
    /// Scans a DICOM file's file meta information and dataset. Returns the modality when its pixels may carry text
    /// that was not inspected (a modality that often has it and no BurnedInAnnotation NO), otherwise null.
    /// </summary>
    public string? ScanDicom(DicomFile file, string relativePath)
    {
        _file = relativePath;
        ScanDataset(file.FileMetaInformation, null);
        var dataset = file.Dataset;
        ScanDataset(dataset, null);

        if (!string.Equals(dataset.GetString(PatientIdentityRemovedTag)?.Trim(), "YES", StringComparison.Ordinal))
        {
            Report(new ElementPath(null, PatientIdentityRemovedTag), "PatientIdentityRemoved not YES", null, null);
        }

        if (_options.DatesShifted
            && !string.Equals(dataset.GetString(LongitudinalTemporalInformationModifiedTag)?.Trim(), "MODIFIED", StringComparison.Ordinal))
        {
            Report(new ElementPath(null, LongitudinalTemporalInformationModifiedTag), "dates not shifted (LongitudinalTemporalInformationModified not MODIFIED)", null, null);
        }

        var modality = dataset.GetString(ModalityTag)?.Trim() ?? string.Empty;
        var burnedIn = dataset.GetString(BurnedInAnnotationTag)?.Trim();
        return BurnedInTextModalities.Contains(modality) && !string.Equals(burnedIn, "NO", StringComparison.Ordinal) ? modality : null;
    }

    /// <summary>Notes an output file that has the DICOM marker but cannot be read.</summary>
    public void ReportUnreadable(string relativePath)
    {
        _file = relativePath;
        Report(null, OutputFileScan.UnreadableKind, null, null);
    }

    /// <summary>Scans a file or folder name (one path segment); <paramref name="relativePath"/> names it in findings.</summary>
    public void ScanName(string name, string relativePath)
    {
        _file = relativePath;
        var stem = name.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        if (LooksLikeUid(stem) && !UidRules.IsExpectedInOutput(stem))
        {
            Report(null, ForeignUidKind, null, stem);
        }

        ScanText(name, null);
    }

    /// <summary>Scans one line of a text file (manifest.csv, report.json, anything not DICOM).</summary>
    public void ScanLine(string line, string relativePath, int lineNumber)
    {
        _file = relativePath;
        if (_set is not null)
        {
            ScanText(line, null, "line " + lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool LooksLikeUid(ReadOnlySpan<char> text) =>
        text.Length > 2 && text.Contains('.') && !text.ContainsAnyExcept(UidCharacters) && char.IsAsciiDigit(text[0]);

    private static bool IsPixelTag(DicomTag tag) =>
        Array.IndexOf(PixelTags, tag) >= 0 || (tag.Group >= 0x6000 && tag.Group <= 0x601E && tag.Element == 0x3000);

    private static bool IsPseudonym(string value)
    {
        var name = value.Trim().TrimEnd('^', '=');
        // The de-identifier's dummies: a bare word, or the valid PN form it writes for names it replaces outright.
        if (name.Length == 0 || name is "ANONYMIZED" or "ANONYMOUS" or "ANONYMIZED^PERSON")
        {
            return true;
        }

        if (name.Length != PseudonymPrefix.Length + PseudonymCodeLength || !name.StartsWith(PseudonymPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name.AsSpan(PseudonymPrefix.Length))
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }

    private void ScanDataset(DicomDataset dataset, ElementPath? parent)
    {
        foreach (var attribute in dataset)
        {
            switch (attribute)
            {
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        ScanDataset(sequence.Items[i], new ElementPath(parent, sequence.Tag, i + 1));
                    }

                    break;
                case DicomElement element when !IsPixelTag(element.Tag):
                    ScanElement(dataset, element, parent);
                    break;
                default:
                    // Encapsulated pixel data: not read.
                    break;
            }
        }
    }

    // A standard attribute of a word-or-wider "other" VR is an array of numbers by definition (palette and LUT tables,
    // overlay bits, waveforms, float pixels): read as Latin-1 its bytes give short digit runs that match numeric IDs.
    // OB (documents, ICC profiles) and every private or unknown element are still read as text.
    private static bool IsStandardNumberArray(DicomElement element) =>
        DicomDictionary.TryGetEntry(element.Tag, out _)
        && (element.VR == DicomVR.OW || element.VR == DicomVR.OF || element.VR == DicomVR.OD || element.VR == DicomVR.OL || element.VR == DicomVR.OV);

    private void ScanElement(DicomDataset dataset, DicomElement element, ElementPath? parent)
    {
        var vr = element.VR;
        if (vr.IsBinaryNumber || vr == DicomVR.DS || vr == DicomVR.IS || vr == DicomVR.TM || vr == DicomVR.AS || element.Length == 0
            || CodeTags.Contains(element.Tag.Value) || IsStandardNumberArray(element))
        {
            // Numbers, times, ages and coding-scheme terms hold no name, ID, date or UID.
            return;
        }

        var tag = element.Tag;
        var path = new ElementPath(parent, tag);
        var bytes = element.GetBytes().Span;
        string? decoded = null;
        if (vr.IsString)
        {
            decoded = vr.UsesSpecificCharacterSet ? dataset.CharacterSet.Decode(bytes, vr) : Encoding.Latin1.GetString(bytes);
            if (vr == DicomVR.PN && _set is null)
            {
                // Without the originals a name's form is all there is to judge; with them, every original name is
                // searched for, and a name of another form is one the run wrote on purpose (a clinical CSV's).
                CheckPseudonyms(decoded, path);
            }
            else if (vr == DicomVR.UI && !UidRules.IsClassAttribute(tag))
            {
                CheckUids(decoded, path);
            }

            if (vr == DicomVR.UI)
            {
                // A UID holds nothing but a UID: look it up whole, skip the token n-grams.
                if (_set is not null)
                {
                    ScanUids(decoded, path, null);
                }

                return;
            }

            if (_matchDateElements || (vr != DicomVR.DA && vr != DicomVR.DT))
            {
                ScanText(decoded, path);
            }
        }

        if (_set is null)
        {
            return;
        }

        // The raw bytes, read the other ways they could be meant: what a wrong or missing Specific Character Set hides.
        var hasHighBytes = bytes.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F) >= 0;
        if (!vr.IsString || hasHighBytes)
        {
            ScanAlternative(Encoding.Latin1.GetString(bytes), decoded, path);
        }

        if (hasHighBytes && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            ScanAlternative(StrictUtf8.GetString(bytes), decoded, path);
        }

        if (bytes.Contains((byte)0x1B))
        {
            ScanAlternative(Iso2022.Decode(bytes, vr.IsString ? vr : DicomVR.LT), decoded, path);
        }
    }

    private void ScanAlternative(string text, string? decoded, ElementPath path)
    {
        if (!string.Equals(text, decoded, StringComparison.Ordinal))
        {
            ScanText(text, path);
        }
    }

    private void CheckPseudonyms(string decoded, ElementPath path)
    {
        foreach (var value in decoded.TrimEnd(' ', '\0').Split('\\'))
        {
            if (!IsPseudonym(value))
            {
                Report(path, NotPseudonymKind, null, value);
                return;
            }
        }
    }

    private void CheckUids(string decoded, ElementPath path)
    {
        foreach (var value in decoded.Split('\\'))
        {
            var uid = value.Trim(' ', '\0');
            if (!UidRules.IsExpectedInOutput(uid))
            {
                Report(path, ForeignUidKind, null, uid);
                return;
            }
        }
    }

    private void ScanText(string text, ElementPath? path, string? place = null)
    {
        if (_set is null || text.Length == 0)
        {
            return;
        }

        var tokens = _tokens;
        tokens.Read(text);
        var maxTokens = _set.MaxTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var state = TextTokens.Start();
            var end = Math.Min(tokens.Count, i + maxTokens);
            for (var j = i; j < end; j++)
            {
                state = TextTokens.Append(state, tokens.Folded(j));
                if (_set.TryFindTerm(TextTokens.Finish(state), out var origin))
                {
                    Report(path, origin.Kind, origin.Attribute, text[tokens[i].TextStart..tokens[j].TextEnd], place);
                }
            }

            if (tokens[i].Kind == TextTokens.Kind.Cjk && _set.MaxCjkLength > 0)
            {
                ScanCjk(tokens.Folded(i), text.AsSpan(tokens[i].TextStart), path, place);
            }
        }

        ScanUids(text, path, place);
    }

    /// <summary>CJK text has no spaces between words: every substring of two characters or more is looked up.</summary>
    private void ScanCjk(ReadOnlySpan<char> run, ReadOnlySpan<char> text, ElementPath? path, string? place)
    {
        for (var start = 0; start < run.Length - 1; start++)
        {
            var longest = Math.Min(_set!.MaxCjkLength, run.Length - start);
            for (var length = IdentifierRules.MinimumCjkLength; length <= longest; length++)
            {
                if (start == 0 && length == run.Length)
                {
                    continue; // the whole token was looked up already
                }

                if (_set.TryFindTerm(TextTokens.Hash(run.Slice(start, length)), out var origin))
                {
                    Report(path, origin.Kind, origin.Attribute, text.Slice(start, length).ToString(), place);
                }
            }
        }
    }

    private void ScanUids(string text, ElementPath? path, string? place)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var candidate = text.AsSpan(start, i - start).TrimEnd('.');
            if (candidate.Contains('.') && _set!.TryFindUid(candidate, out var origin))
            {
                Report(path, origin.Kind, origin.Attribute, candidate.ToString(), place);
            }
        }
    }

    private void Report(ElementPath? path, string kind, string? attribute, string? matched, string? place = null)
    {
        var where = place ?? path?.ToString() ?? string.Empty;
        if (_seen.Add((_file, where, kind)))
        {
            _findings.Add(new MatchedFinding(new VerificationFinding(_file, where, kind, attribute), matched));
        }
    }
}
