using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization;

/// <summary>Reading and replacing one value of a dataset being de-identified; never reads a value still in the source file.</summary>
internal static class ElementValues
{
    private const string DummyText = "ANONYMIZED";

    /// <summary>A dummy person name with a family and a given name component.</summary>
    private const string DummyPersonName = "ANONYMIZED^PERSON";

    /// <summary>A dummy value consistent with the VR (a UID is remapped); a blank value stays blank.</summary>
    public static void SetDummy(DicomDataset dataset, in DicomEntry element, UidRemapper uids)
    {
        var vr = element.VR;
        if (IsBlank(element))
        {
            // An empty value (a Type 2 attribute left empty) stays empty: a dummy would only add a value that was not there.
            return;
        }

        if (vr == DicomVR.UI)
        {
            uids.ReplaceUids(dataset, element);
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
            dataset.Set(element.Tag, vr, new byte[Math.Max(2, vr.UnitSize)]);
        }
        else
        {
            SetEmpty(dataset, element);
        }
    }

    /// <summary>Shifts a DA or DT value by the patient's offset; a value that cannot be shifted (or another VR) becomes zero length.</summary>
    public static void ShiftDates(DicomDataset dataset, in DicomEntry element, int days)
    {
        var vr = element.VR;
        var text = element.IsInSourceFile || (vr != DicomVR.DA && vr != DicomVR.DT) ? null : ReadText(dataset, element.Tag);
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

    public static bool IsBlank(in DicomEntry element)
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
    public static string? ReadPatientId(DicomDataset dataset) => ReadText(dataset, DicomTag.PatientID)?.Trim();

    public static string? ReadText(DicomDataset dataset, DicomTag tag) =>
        dataset.TryGetValueEntry(tag, out var element) && !element.IsInSourceFile ? dataset.GetString(tag) : null;

    public static void SetEmpty(DicomDataset dataset, in DicomEntry element)
    {
        // Most Type 2 attributes arrive empty: a value the dataset already holds empty, with this VR, stays as it is.
        if (element is { IsInSourceFile: false, Length: 0 } && dataset.TryGetValueEntry(element.Tag, out var held)
            && held is { IsInSourceFile: false, Length: 0 } && held.VR == element.VR)
        {
            return;
        }

        dataset.Set(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty);
    }

    public static string Keyword(DicomTag tag) =>
        DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : tag.ToString();
}
