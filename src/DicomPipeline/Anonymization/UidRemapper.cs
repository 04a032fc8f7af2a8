using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>One instance's UID remapping: every UID the registry does not define becomes its HMAC-derived value, remembered.</summary>
internal sealed class UidRemapper(PseudonymGenerator pseudonyms, bool retainUids, RunIdentities identities)
{
    /// <summary>Remaps every UID of a UI value that the registry does not define; any other value becomes zero length.</summary>
    public void ReplaceUids(DicomDataset dataset, in DicomEntry element)
    {
        if (element.VR != DicomVR.UI || element.IsInSourceFile)
        {
            ElementValues.SetEmpty(dataset, element);
            return;
        }

        var namesAClass = ReviewedAttributes.IsUidClass(element.Tag);
        if (HoldsOnlyStandardUids(element.ValueSpan, namesAClass))
        {
            // Every UID stays (most often a class UID): the value is left as read, with nothing made for it.
            return;
        }

        var keyword = ElementValues.Keyword(element.Tag);
        var values = (ElementValues.ReadText(dataset, element.Tag) ?? string.Empty).Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i].Trim('\0', ' ');
            if (original.Length == 0 || DicomUidRegistry.Contains(original) || (namesAClass && IsStandardDefined(original)))
            {
                // Empty, or a UID the standard defines (a class, a syntax, a well-known instance): nobody's identity.
                values[i] = original;
                continue;
            }

            values[i] = pseudonyms.Uid(original);
            identities.Remember(keyword, original, values[i]);
        }

        dataset.SetString(element.Tag, string.Join('\\', values), DicomVR.UI);
    }

    /// <summary>
    /// In an attribute that names a class, scheme or context: a UID the standard defines though our registry (an older
    /// edition) may not list it — under the DICOM root with every further component of at most three digits, as every
    /// SOP class, context group and coding scheme UID of PS3.6 is — or an HL7 external code system
    /// (2.16.840.1.113883.6.n, e.g. SNOMED CT 6.96, LOINC 6.1, UCUM 6.8), or NCI Thesaurus (2.16.840.1.113883.3.26.1.1).
    /// A device's instance UID (a timestamp, a serial) or the digits of an ID do not have that shape.
    /// </summary>
    internal static bool IsStandardDefined(ReadOnlySpan<char> uid)
    {
        const string dicomRoot = "1.2.840.10008.";
        const string hl7CodeSystems = "2.16.840.1.113883.6.";
        if (uid.SequenceEqual("2.16.840.1.113883.3.26.1.1"))
        {
            return true;
        }

        var (root, maxDigits) = uid.StartsWith(dicomRoot, StringComparison.Ordinal) ? (dicomRoot, 3)
            : uid.StartsWith(hl7CodeSystems, StringComparison.Ordinal) && !uid[hl7CodeSystems.Length..].Contains('.') ? (hl7CodeSystems, 4)
            : (string.Empty, 0);
        if (root.Length == 0 || uid.Length == root.Length)
        {
            return false;
        }

        var rest = uid[root.Length..];
        foreach (var range in rest.Split('.'))
        {
            var component = rest[range];
            if (component.Length == 0 || component.Length > maxDigits || component.ContainsAnyExceptInRange('0', '9') || (component.Length > 1 && component[0] == '0'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <see cref="ReplaceUids"/> would write back exactly these bytes: every UID empty or one the standard defines,
    /// with no padding inside (only the one NUL that pads the whole value to even length, which the writer adds again).
    /// </summary>
    private static bool HoldsOnlyStandardUids(ReadOnlySpan<byte> value, bool namesAClass)
    {
        if (value.Length > 0 && value[^1] == 0)
        {
            value = value[..^1];
        }

        // A UID is at most 64 characters of digits and dots; anything else is rewritten by the slow path.
        Span<char> chars = stackalloc char[64];
        foreach (var range in value.Split((byte)'\\'))
        {
            var uid = value[range];
            if (uid.Length > chars.Length || uid.IndexOfAnyExceptInRange((byte)'.', (byte)'9') >= 0 || uid.Contains((byte)'/'))
            {
                return false;
            }

            System.Text.Ascii.ToUtf16(uid, chars, out var written);
            var text = chars[..written];
            if (text.Length > 0 && !DicomUidRegistry.Contains(text) && !(namesAClass && IsStandardDefined(text)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>In UR, UT, LT and ST text, every UID not of the registry becomes its remapped value.</summary>
    public void ReplaceUidsInText(DicomDataset dataset, in DicomEntry element)
    {
        var vr = element.VR;
        if (retainUids || element.IsInSourceFile || !(vr == DicomVR.UR || vr == DicomVR.UT || vr == DicomVR.LT || vr == DicomVR.ST))
        {
            return;
        }

        var text = ElementValues.ReadText(dataset, element.Tag);
        if (string.IsNullOrEmpty(text) || !IdentifierNormalizer.UidPattern().IsMatch(text))
        {
            return;
        }

        dataset.SetString(element.Tag, RemapUidsIn(text, ElementValues.Keyword(element.Tag)), vr);
    }

    /// <remarks>
    /// Its own method: a lambda capturing a local makes C# allocate the closure where that local's scope begins, which in
    /// <see cref="ReplaceUidsInText"/> was every call, for every attribute of every file, text or not.
    /// </remarks>
    private string RemapUidsIn(string text, string keyword) =>
        IdentifierNormalizer.UidPattern().Replace(text, match =>
        {
            if (DicomUidRegistry.Contains(match.Value))
            {
                return match.Value;
            }

            var uid = pseudonyms.Uid(match.Value);
            identities.Remember(keyword, match.Value, uid);
            return uid;
        });

    /// <summary>Each item reduced to its SOP class and remapped SOP instance, the pair an item of the sequence needs.</summary>
    public void KeepReferences(DicomDataset dataset, DicomSequence sequence)
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
                ReplaceUids(reference, new DicomEntry(sopInstance));
            }
        }
    }
}
