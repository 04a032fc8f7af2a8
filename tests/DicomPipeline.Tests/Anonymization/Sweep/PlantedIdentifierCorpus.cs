using System.Buffers.Binary;
using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// Instances that each carry one of their own identifiers in a place no table lists: code values and meanings,
/// explanations, values their VR does not allow, AT bytes, binary payloads, class-UID attributes and equipment or
/// anatomy words. The patient is Müller^Jürgen, ID AB12-3456789, born 12 April 1965 (<see cref="CreateInstance"/>).
/// Each case names the spellings that must not survive, looked for as bytes in the written file.
/// </summary>
internal static class PlantedIdentifierCorpus
{
    public const string PatientId = "AB12-3456789";

    public static IEnumerable<PlantedCase> Cases()
    {
        // Code values and meanings.
        yield return Code("code meaning: the names", DicomTag.ProcedureCodeSequence, "P1", "CT for Jürgen Müller", "Jürgen", "Müller");
        yield return Code("code meaning: birth date in English words", DicomTag.AnatomicRegionSequence, "T-1", "born 12 April 1965", "12 April 1965");
        yield return Code("code value: the ID's digit run", DicomTag.ConceptNameCodeSequence, "3456789", "Chest", "3456789");
        yield return Code("code meaning: folded name, upper case, no accents", DicomTag.PerformedProtocolCodeSequence, "P2", "MULLER JURGEN", "MULLER");
        yield return Code("code meaning: ISO date and given name", DicomTag.DerivationCodeSequence, "113076", "Jurgens scan 1965-04-12", "1965-04-12", "Jurgens");
        yield return Code("code meaning: German date", DicomTag.AnatomicRegionSequence, "T-2", "geb. 12. April 1965", "12. April 1965");

        // Explanations.
        yield return Text("explanation: window", DicomTag.WindowCenterWidthExplanation, "Müller lung", DicomVR.LO, "Müller");
        yield return Item("explanation: VOI LUT, US date", DicomTag.VOILUTSequence, DicomTag.LUTExplanation, "04/12/1965", "04/12/1965");
        yield return Text("explanation: rescale type holds the ID", DicomTag.RescaleType, PatientId, DicomVR.LO, PatientId, "3456789");
        yield return Item("explanation: histogram, name reversed", DicomTag.HistogramSequence, DicomTag.HistogramExplanation, "MÜLLER, JÜRGEN", "MÜLLER", "JÜRGEN");
        yield return Text("explanation: pixel value mapping, German date", DicomTag.PixelValueMappingExplanation, "12.04.1965", DicomVR.LO, "12.04.1965");
        yield return Text("explanation: English ordinal date", DicomTag.WindowCenterWidthExplanation, "DOB April 12th, 1965", DicomVR.LO, "April 12th, 1965");
        yield return Text("explanation: French month", DicomTag.WindowCenterWidthExplanation, "né le 12 avril 1965", DicomVR.LO, "12 avril 1965");

        // Values their VR does not allow.
        yield return Text("invalid CS: lower-case name", DicomTag.BodyPartExamined, "jurgenm", DicomVR.CS, "jurgenm");
        yield return Text("invalid CS: caret in image type", DicomTag.ImageType, "ORIGINAL\\PRIMARY\\JURGEN^M", DicomVR.CS, "JURGEN^M");
        yield return Text("invalid DS: a word", DicomTag.SliceThickness, "Mullerx", DicomVR.DS, "Mullerx");
        yield return Text("invalid IS: letters", DicomTag.InstanceNumber, "7788XY", DicomVR.IS, "7788XY");
        yield return Text("invalid TM: a word", DicomTag.AcquisitionTime, "Jurgenx", DicomVR.TM, "Jurgenx");
        yield return Text("invalid AS: a date", DicomTag.PatientAge, "19650412", DicomVR.AS, "19650412");
        yield return Text("invalid CS: lower-case ID in scan options", new DicomTag(0x00180022), "ab12x3456789", DicomVR.CS, "ab12x3456789");

        // Values of other VRs, valid for their VR, that hold an identifier.
        yield return Text("other VR: IS instance number is the ID's digit run", DicomTag.InstanceNumber, "3456789", DicomVR.IS, "3456789");
        yield return Text("other VR: IS acquisition number holds the ID's digit run", new DicomTag(0x00200012), "-3456789", DicomVR.IS, "3456789");
        yield return Text("other VR: DS window center holds the ID's digit run", new DicomTag(0x00281050), "3456789.0", DicomVR.DS, "3456789");
        yield return Text("other VR: CS scan options name the patient", new DicomTag(0x00180022), "MULLER JURGEN", DicomVR.CS, "MULLER JURGEN");
        yield return Text("other VR: CS image type holds the ID's digits", DicomTag.ImageType, "ORIGINAL\\PRIMARY\\ID3456789", DicomVR.CS, "3456789");
        yield return Text("other VR: DS slice location holds the ID's digit run", new DicomTag(0x00201041), "-3456789.25", DicomVR.DS, "3456789");

        // Text whose bytes are UTF-8 while the dataset declares ISO_IR 100 (files lie about their character set).
        yield return Utf8Text("charset: UTF-8 name in the manufacturer", DicomTag.Manufacturer, "Müller Medical", DicomVR.LO, "Müller");
        yield return Utf8Text("charset: UTF-8 given name in a window explanation", DicomTag.WindowCenterWidthExplanation, "Jürgen lung", DicomVR.LO, "Jürgen");
        yield return Utf8Text("charset: UTF-8 name in software versions", DicomTag.SoftwareVersions, "v2 JÜRGEN MÜLLER", DicomVR.LO, "JÜRGEN", "MÜLLER");
        yield return Utf8Item("charset: UTF-8 name in a code meaning", DicomTag.AnatomicRegionSequence, DicomTag.CodeMeaning, "Brust von Müller", DicomVR.LO, "Müller");
        yield return Utf8Item("charset: UTF-8 name in a LUT explanation", DicomTag.VOILUTSequence, DicomTag.LUTExplanation, "für Jürgen", DicomVR.LO, "Jürgen");

        // AT values whose bytes are text.
        yield return Tags("AT: frame increment pointer spells MULL", DicomTag.FrameIncrementPointer, "MULL");
        yield return Tags("AT: frame dimension pointer spells JURG", new DicomTag(0x0028000A), "JURG");
        yield return Tags("AT: functional group pointer spells 3456", DicomTag.FunctionalGroupPointer, "3456");
        yield return Tags("AT: selector AT value spells 1965", DicomTag.SelectorATValue, "1965");
        yield return Tags("AT: data elements signed spells AB12", new DicomTag(0x04000020), "AB12");

        // Binary payloads.
        yield return Bytes("OB: encapsulated document, UTF-8", DicomTag.EncapsulatedDocument, DicomVR.OB, Encoding.UTF8.GetBytes("%PDF-1.4 Patient: Jürgen Müller"), "Jürgen Müller");
        yield return Bytes("OB: ICC profile, Latin-1", DicomTag.ICCProfile, DicomVR.OB, Encoding.Latin1.GetBytes("desc....Muller Jurgen display"), "Muller Jurgen");
        yield return Bytes("OW: palette data, UTF-16LE ID", DicomTag.RedPaletteColorLookupTableData, DicomVR.OW, Encoding.Unicode.GetBytes("ID " + PatientId), PatientId);
        yield return Bytes("OF: spectroscopy data, UTF-16BE name", new DicomTag(0x56000020), DicomVR.OF, Encoding.BigEndianUnicode.GetBytes("MÜLLER!!"), "MÜLLER");
        yield return Bytes("OW: blending LUT, Latin-1 date", new DicomTag(0x00281408), DicomVR.OW, Encoding.Latin1.GetBytes("12.04.1965"), "12.04.1965");

        // Class-UID attributes holding instance UIDs or the ID's digits.
        yield return Uid("class UID: SOP class holds the study UID", DicomTag.SOPClassUID, StudyUid);
        yield return Uid("class UID: related general SOP class holds the SOP instance UID", DicomTag.RelatedGeneralSOPClassUID, SopUid);
        yield return Uid("class UID: mapping resource holds the frame of reference", DicomTag.MappingResourceUID, FrameOfReferenceUid);
        yield return Uid("class UID: context UID holds the ID's digits", DicomTag.ContextUID, "2.25.3456789");
        yield return ItemUid("class UID: coding scheme UID in an item holds the ID's digits", DicomTag.CodingSchemeIdentificationSequence, DicomTag.CodingSchemeUID, "1.2.3.3456789");
        yield return ItemUid("class UID: referenced SOP class in an item holds the series UID", DicomTag.ReferencedStudySequence, DicomTag.ReferencedSOPClassUID, SeriesUid);

        // A name or ID copied into a kept word.
        yield return Text("kept word: manufacturer", DicomTag.Manufacturer, "Jürgen Müller GmbH", DicomVR.LO, "Jürgen", "Müller");
        yield return Text("kept word: body part", DicomTag.BodyPartExamined, "MULLER", DicomVR.CS, "MULLER");
        yield return Text("kept word: model name holds the ID", DicomTag.ManufacturerModelName, "Scanner " + PatientId, DicomVR.LO, PatientId);
        yield return Text("kept word: convolution kernel holds the digits", DicomTag.ConvolutionKernel, "B3456789F", DicomVR.SH, "3456789");
        yield return Text("kept word: software versions hold the name in another order", DicomTag.SoftwareVersions, "v1 Jurgen-Muller", DicomVR.LO, "Jurgen-Muller");
    }

    /// <summary>The base instance of every case: the patient of this corpus, no planted value yet.</summary>
    public static DicomDataset Base() => CreateInstance(patientId: PatientId);

    /// <summary>Each case's name under the basic and the strict policy, for a theory.</summary>
    public static TheoryData<string, AnonymizationPolicy> UnderBothPolicies(IEnumerable<PlantedCase> cases)
    {
        var data = new TheoryData<string, AnonymizationPolicy>();
        foreach (var planted in cases)
        {
            data.Add(planted.Name, AnonymizationPolicy.Basic);
            data.Add(planted.Name, AnonymizationPolicy.Strict);
        }

        return data;
    }

    /// <summary>Plants the case in <see cref="Base"/>, de-identifies it under <paramref name="policy"/>, and returns the planted spellings found in the written file.</summary>
    public static async Task<IReadOnlyList<string>> SurvivorsAsync(PlantedCase planted, AnonymizationPolicy policy)
    {
        var source = Base();
        planted.Plant(source);
        var result = Anonymize(source, o => o.Policy = policy);
        return planted.FoundIn(await ToBytesAsync(result.File));
    }

    private static PlantedCase Code(string name, DicomTag sequence, string value, string meaning, params string[] leaks) =>
        new(name, sequence, ds =>
        {
            // The item joins the dataset first, so it speaks the dataset's character set (ISO_IR 100).
            var item = new DicomDataset();
            ds.AddOrUpdate(new DicomSequence(sequence, item));
            item.SetString(DicomTag.CodeValue, value);
            item.SetString(DicomTag.CodingSchemeDesignator, "99TEST");
            item.SetString(DicomTag.CodeMeaning, meaning);
        }, leaks);

    private static PlantedCase Text(string name, DicomTag tag, string value, DicomVR vr, params string[] leaks) =>
        new(name, tag, ds => ds.AddOrUpdate(new DicomElement(tag, vr, Encoding.Latin1.GetBytes(value.Length % 2 == 0 ? value : value + " "))), leaks);

    private static PlantedCase Utf8Text(string name, DicomTag tag, string value, DicomVR vr, params string[] leaks) =>
        new(name, tag, ds => ds.AddOrUpdate(new DicomElement(tag, vr, Utf8(value))), leaks);

    private static PlantedCase Utf8Item(string name, DicomTag sequence, DicomTag tag, string value, DicomVR vr, params string[] leaks) =>
        new(name, sequence, ds => ds.AddOrUpdate(new DicomSequence(sequence, new DicomDataset(new DicomElement(tag, vr, Utf8(value))))), leaks);

    private static byte[] Utf8(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, (byte)' '];
    }

    private static PlantedCase Item(string name, DicomTag sequence, DicomTag tag, string value, params string[] leaks) =>
        new(name, sequence, ds =>
        {
            var item = new DicomDataset();
            ds.AddOrUpdate(new DicomSequence(sequence, item));
            item.SetString(tag, value);
        }, leaks);

    private static PlantedCase Tags(string name, DicomTag tag, string fourLetters) =>
        new(name, tag, ds => ds.AddOrUpdate(new DicomElement(tag, DicomVR.AT, Encoding.ASCII.GetBytes(fourLetters))), fourLetters);

    private static PlantedCase Bytes(string name, DicomTag tag, DicomVR vr, byte[] bytes, params string[] leaks) =>
        new(name, tag, ds => ds.AddOrUpdate(new DicomElement(tag, vr, bytes.Length % 2 == 0 ? bytes : [.. bytes, 0])), leaks);

    private static PlantedCase Uid(string name, DicomTag tag, string uid) =>
        new(name, tag, ds => ds.SetString(tag, uid, DicomVR.UI), uid);

    private static PlantedCase ItemUid(string name, DicomTag sequence, DicomTag tag, string uid) =>
        new(name, sequence, ds =>
        {
            var item = new DicomDataset();
            item.SetString(tag, uid, DicomVR.UI);
            if (tag == DicomTag.ReferencedSOPClassUID)
            {
                item.SetString(DicomTag.ReferencedSOPInstanceUID, OtherSopUid, DicomVR.UI);
            }

            ds.AddOrUpdate(new DicomSequence(sequence, item));
        }, uid);
}

/// <summary>
/// One planted case: its name, the top-level attribute it plants (the value, or the sequence holding it), how it plants,
/// and the spellings that must not survive.
/// </summary>
internal sealed record PlantedCase(string Name, DicomTag Place, Action<DicomDataset> Plant, params string[] Leaks)
{
    public override string ToString() => Name;

    /// <summary>The planted spellings found in <paramref name="file"/> as ASCII/Latin-1, UTF-8, UTF-16LE or UTF-16BE bytes.</summary>
    public IReadOnlyList<string> FoundIn(byte[] file) =>
    [
        .. Leaks.Where(leak =>
            (leak.All(c => c <= '\u00FF') && Contains(file, Encoding.Latin1.GetBytes(leak)))
            || Contains(file, Encoding.UTF8.GetBytes(leak))
            || Contains(file, Encoding.Unicode.GetBytes(leak))
            || Contains(file, Encoding.BigEndianUnicode.GetBytes(leak))),
    ];

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
