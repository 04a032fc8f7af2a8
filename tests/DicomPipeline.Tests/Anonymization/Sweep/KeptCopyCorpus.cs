using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Anonymization.Sweep;

/// <summary>
/// Instances whose identifying value sits where the profile removes it and again, copied, in text both policies keep
/// (the window explanation). Each case is a kind of value the sweep once did not hunt for, or hunted only whole, or
/// missed in another spelling: device and place names, order numbers, e-mail, occupation, private names and dates,
/// dates in an alternative calendar, single words of an institution or an address, a name without its accents or in
/// decomposed Unicode, Latin-1 bytes in a UTF-8 file, an ID without its leading zeros, a two-letter surname, an
/// ideographic name of one-character parts, a name's bytes in a kept array of doubles. Found by an outside hunt for
/// leaks on 2026-12-07 (crafted files, dicompipeline 0.1.0+c384cd6); the values here are made up for these tests.
/// </summary>
internal static class KeptCopyCorpus
{
    private static readonly DicomTag PrivateCreator = new(0x0015, 0x0010);
    private static readonly DicomTag PrivateName = new(0x0015, 0x1001);
    private static readonly DicomTag PrivateDate = new(0x0015, 0x1002);
    private static readonly DicomTag BirthDateInAlternativeCalendar = new(0x0010, 0x0033);
    private static readonly DicomTag TagAngleSecondAxis = new(0x0018, 0x9219);

    public static IEnumerable<PlantedCase> Cases()
    {
        // Device and place names.
        yield return Copy("source: station name", ds => ds.SetString(DicomTag.StationName, "KELSO-CT2"), "KELSO-CT2 lung", "KELSO-CT2");
        yield return Copy("source: performed station name", ds => ds.SetString(DicomTag.PerformedStationName, "MAMMO-BRAXTON"), "MAMMO-BRAXTON soft", "BRAXTON");
        yield return Copy("source: scheduled station name in a step", ds => Step(ds, DicomTag.ScheduledStationName, "US-ROOM-OKAFOR"), "US-ROOM-OKAFOR", "OKAFOR");
        yield return Copy("source: scheduled step location", ds => Step(ds, DicomTag.ScheduledProcedureStepLocation, "Pavilion Quenby 4"), "at Pavilion Quenby 4", "Quenby");

        // Order numbers, e-mail, occupation.
        yield return Copy("source: placer order number", ds => ds.SetString(DicomTag.PlacerOrderNumberImagingServiceRequest, "PO-77812X"), "order PO-77812X", "PO-77812X");
        yield return Copy("source: filler order number", ds => ds.SetString(DicomTag.FillerOrderNumberImagingServiceRequest, "FO99231Q"), "FO99231Q", "FO99231Q");
        yield return Copy("source: e-mail", ds => ds.SetString(DicomTag.PatientTelecomInformation, "jq.vantassel@mailhost.example"), "mail vantassel", "vantassel");
        yield return Copy("source: occupation", ds => ds.SetString(DicomTag.Occupation, "Lighthouse keeper"), "Lighthouse keeper", "Lighthouse keeper");

        // Private names and dates, a date in another calendar.
        yield return Copy("source: private person name", ds => Private(ds, PrivateName, DicomVR.PN, "Thistlewood^Amos"), "read by Thistlewood", "Thistlewood");
        yield return Copy("source: private date", ds => Private(ds, PrivateDate, DicomVR.DA, "19480229"), "scan 19480229", "19480229");
        yield return Copy("source: birth date in an alternative calendar", ds => ds.AddOrUpdate(new DicomElement(BirthDateInAlternativeCalendar, DicomVR.LO, Encoding.ASCII.GetBytes("13880617"))), "born 13880617", "13880617");

        // One word of an institution or an address.
        yield return Copy("word: institution name", ds => ds.SetString(DicomTag.InstitutionName, "Bemuxita Infirmary"), "Bemuxita protocol", "Bemuxita");
        yield return Copy("word: patient's street", ds => ds.SetString(DicomTag.PatientAddress, "7 Qizekikun Road, Zebtown"), "Qizekikun", "Qizekikun");
        yield return Copy("word: institution's street", ds => ds.SetString(DicomTag.InstitutionAddress, "100 Quorndon Dr"), "CARDIOL QUORNDON", "QUORNDON");
        yield return Copy("word: referring physician's street", ds => ds.SetString(DicomTag.ReferringPhysicianAddress, "41 Quillfeather Lane, Dunmore"), "Quillfeather", "Quillfeather");

        // Other spellings of the same value.
        yield return Copy("spelling: name without its umlaut", ds => ds.SetString(DicomTag.PatientName, "Jumüarozug^Togopum"), "JUMUAROZUG", "JUMUAROZUG");
        yield return Utf8Copy("spelling: name in decomposed Unicode", ds => ds.SetString(DicomTag.PatientName, "Supüalawub^Jekigan"), Encoding.UTF8.GetBytes("Pt Supu\u0308alawub"), "Supu\u0308alawub");
        yield return Utf8Copy("spelling: Latin-1 bytes in a UTF-8 file", ds => ds.SetString(DicomTag.PatientName, "Fuvéifataw^Mo"), Encoding.Latin1.GetBytes("Pt Fuvéifataw"), "Fuvéifataw");
        yield return Utf8Copy("spelling: upper-case name without its umlaut, beside the spelled-out one", ds => ds.SetString(DicomTag.PatientName, "JUMÜAROZUG^TOGOPUM"), Encoding.UTF8.GetBytes("JUMUEAROZUG / JUMUAROZUG"), "JUMUEAROZUG", "JUMUAROZUG");
        yield return Utf8Copy("spelling: upper-case name, kept in decomposed Unicode", ds => ds.SetString(DicomTag.PatientName, "SUPÜALAWUB^JEKIGAN"), Encoding.UTF8.GetBytes("Pt Supu\u0308alawub"), "Supu\u0308alawub");
        yield return Copy("spelling: ID without its leading zeros", ds => ds.SetString(DicomTag.PatientID, "001320159"), "ref 1320159", "1320159");

        // Short names.
        yield return Copy("short: two-letter surname beside the given name", ds => ds.SetString(DicomTag.PatientName, "Ng^Weiming"), "Pt NG WEIMING", "Pt NG");
        yield return Copy("short: a four-digit ID as a word of its own", ds => ds.SetString(DicomTag.PatientID, "5299"), "ref 5299", "ref 5299");
        yield return Utf8Copy("short: ideographic name of one-character parts", ds => ds.SetString(DicomTag.PatientName, "殆^賒"), Encoding.UTF8.GetBytes("殆賒"), "殆賒");

        // A name's bytes in a kept array of numbers.
        yield return new PlantedCase("binary: a kept array of doubles spells the name", TagAngleSecondAxis, ds =>
            ds.AddOrUpdate(new DicomElement(TagAngleSecondAxis, DicomVR.FD, Encoding.ASCII.GetBytes("MULLERJURGEN    "))), "MULLERJURGEN");
    }

    /// <summary>The base instance (<see cref="PlantedIdentifierCorpus.Base"/>) with the source value and its kept copy.</summary>
    private static PlantedCase Copy(string name, Action<DicomDataset> source, string keptCopy, params string[] leaks) =>
        new(name, DicomTag.WindowCenterWidthExplanation, ds =>
        {
            source(ds);
            ds.AddOrUpdate(new DicomElement(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, Padded(Encoding.Latin1.GetBytes(keptCopy))));
        }, leaks);

    /// <summary>As <see cref="Copy"/>, in a UTF-8 dataset (ISO_IR 192), with the kept copy's bytes as given.</summary>
    private static PlantedCase Utf8Copy(string name, Action<DicomDataset> source, byte[] keptCopy, params string[] leaks) =>
        new(name, DicomTag.WindowCenterWidthExplanation, ds =>
        {
            ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
            source(ds);
            ds.AddOrUpdate(new DicomElement(DicomTag.WindowCenterWidthExplanation, DicomVR.LO, Padded(keptCopy)));
        }, leaks);

    private static void Step(DicomDataset ds, DicomTag tag, string value)
    {
        var step = new DicomDataset();
        ds.AddOrUpdate(new DicomSequence(DicomTag.ScheduledProcedureStepSequence, step));
        step.SetString(tag, value);
    }

    private static void Private(DicomDataset ds, DicomTag tag, DicomVR vr, string value)
    {
        ds.AddOrUpdate(new DicomElement(PrivateCreator, DicomVR.LO, Encoding.ASCII.GetBytes("ACME 1.0")));
        ds.AddOrUpdate(new DicomElement(tag, vr, Padded(Encoding.ASCII.GetBytes(value))));
    }

    private static byte[] Padded(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, (byte)' '];
}
