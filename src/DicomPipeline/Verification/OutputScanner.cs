using System.Collections.Frozen;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Verification;

/// <summary>
/// Scans one output file (and its name) in one pass over every element at every depth, whatever its VR or name: each
/// text value decoded with the dataset's character set and, where the bytes allow another reading, as raw bytes
/// (Latin-1, UTF-8, ISO 2022); numbers, times, ages, code values and UIDs as written; the bytes of AT values as text
/// (as stored and with each 16-bit half swapped) and, as every other binary value (OB, OW, OF, OD, OL, OV, UN and the
/// binary numbers), as ASCII/Latin-1, UTF-8 and UTF-16 in both byte orders and both alignments. Values their VR does
/// not allow and AT values that name no tag are flagged for their form (OutputScanner.Form.cs). Only pixel data and overlay
/// bitmaps are not read. Each decoded text is cut into tokens once and looked up in the search set by hashed token
/// n-grams. Not thread-safe: one scanner per file.
/// </summary>
internal sealed partial class OutputScanner
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

    // Values never read, as they are not text: pixel data (and its float variants); overlay bitmaps are in IsPixelTag.
    // An encapsulated document, an ICC profile, a LUT or a waveform is read: any of them can carry text.
    private static readonly DicomTag[] PixelTags = [new(0x7FE00008), new(0x7FE00009), new(0x7FE00010)];

    private static readonly DicomTag PatientIdentityRemovedTag = new(0x00120062);
    private static readonly DicomTag LongitudinalTemporalInformationModifiedTag = new(0x00280303);
    private static readonly DicomTag BurnedInAnnotationTag = new(0x00280301);
    private static readonly DicomTag ModalityTag = new(0x00080060);

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

    /// <summary>Notes that the original of <paramref name="relativePath"/> (or, with <paramref name="kind"/>, the originals) could not be read.</summary>
    public void ReportOriginalProblem(string relativePath, string kind = OutputFileScan.UnreadableOriginalKind)
    {
        _file = relativePath;
        Report(null, kind, null, null);
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

    /// <summary>Scans the text OCR read in frame <paramref name="frameNumber"/> (from 1) of a DICOM file's pixels (<c>verify --pixels</c>).</summary>
    public void ScanPixelText(string text, string relativePath, int frameNumber)
    {
        _file = relativePath;
        if (_set is not null)
        {
            ScanText(text, null, "pixels, frame " + frameNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private void ScanElement(DicomDataset dataset, DicomElement element, ElementPath? parent)
    {
        var vr = element.VR;
        if (element.Length == 0)
        {
            return;
        }

        var tag = element.Tag;
        var path = new ElementPath(parent, tag);
        var bytes = element.GetBytes().Span;
        if (vr.IsString || vr == DicomVR.AT)
        {
            CheckForm(dataset, element, bytes, path);
        }

        if (!vr.IsString)
        {
            if (_set is not null)
            {
                ScanBinary(bytes, vr == DicomVR.AT, path);
            }

            return;
        }

        var decoded = vr.UsesSpecificCharacterSet ? dataset.CharacterSet.Decode(bytes, vr) : Encoding.Latin1.GetString(bytes);
        if (vr == DicomVR.PN && _set is null)
        {
            // Without the originals a name's form is all there is to judge; with them, every original name is
            // searched for, and a name of another form is one the run wrote on purpose (a clinical CSV's).
            CheckPseudonyms(decoded, path);
        }
        else if (vr == DicomVR.UI && !UidRules.IsFixedAttribute(tag))
        {
            // A class UID attribute is no exception: it can hold an instance's UID.
            CheckUids(decoded, path, UidRules.IsClassAttribute(tag));
        }

        if (_set is null)
        {
            return;
        }

        if (vr == DicomVR.UI)
        {
            // A UID is looked up whole, and its components as digit runs on their own (a component of 5 digits or more
            // that is an ID's digits): dots are hard breaks, so "1.2.840" never joins into 12840.
            ScanUids(decoded, path, null);
            ScanText(decoded.Replace('.', '\0'), path);
            return;
        }

        if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            // Numbers are compared as runs of digits: the decimal point and the value delimiter are hard breaks, or
            // ImageOrientationPatient's 1.0000\0.0000\… would join into any ID made of ones and zeros.
            ScanText(decoded.Replace('.', '\0').Replace('\\', '\0'), path);
            return;
        }

        if (_matchDateElements || (vr != DicomVR.DA && vr != DicomVR.DT))
        {
            ScanText(decoded, path);
        }

        // The raw bytes, read the other ways they could be meant: what a wrong or missing Specific Character Set hides.
        if (bytes.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F) >= 0)
        {
            ScanAlternative(Encoding.Latin1.GetString(bytes), decoded, path);
            if (System.Text.Unicode.Utf8.IsValid(bytes))
            {
                ScanAlternative(StrictUtf8.GetString(bytes), decoded, path);
            }
        }

        if (bytes.Contains((byte)0x1B))
        {
            ScanAlternative(Iso2022.Decode(bytes, vr), decoded, path);
        }
    }

    /// <summary>
    /// A value that is not text by its VR, read as text every way text could be hidden in it (UTF-16 too: the sweep reads
    /// AT bytes that way). An AT value's tags are also read with each 16-bit half swapped (the tag as written, group then
    /// element, most significant byte first).
    /// </summary>
    private void ScanBinary(ReadOnlySpan<byte> bytes, bool isAttributeTag, ElementPath path)
    {
        var latin1 = Encoding.Latin1.GetString(bytes);
        ScanText(latin1, path);
        var hasHighBytes = bytes.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F) >= 0;
        if (hasHighBytes)
        {
            // Invalid sequences become U+FFFD, a hard break: the text between them is still read.
            ScanAlternative(Encoding.UTF8.GetString(bytes), latin1, path);
        }

        if (isAttributeTag)
        {
            var swapped = bytes.ToArray();
            for (var i = 0; i + 1 < swapped.Length; i += 2)
            {
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
            }

            ScanText(Encoding.Latin1.GetString(swapped), path);
        }

        if (bytes.Length < 4)
        {
            return;
        }

        // UTF-16 from both alignments (text can start at any byte of a blob), little and big endian.
        for (var offset = 0; offset < 2; offset++)
        {
            var part = bytes[offset..];
            part = part[..(part.Length & ~1)];
            ScanText(Encoding.Unicode.GetString(part), path);
            ScanText(Encoding.BigEndianUnicode.GetString(part), path);
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

    private void CheckUids(string decoded, ElementPath path, bool classAttribute)
    {
        foreach (var value in decoded.Split('\\'))
        {
            var uid = value.Trim(' ', '\0');
            // In a class attribute, a UID of one or two components ("0", as in pydicom's reportsi.dcm) is a writer's
            // placeholder, too short to name an instance.
            if (!UidRules.IsExpectedInOutput(uid) && !(classAttribute && uid.Count('.') < 2))
            {
                Report(path, ForeignUidKind, null, uid);
                return;
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
