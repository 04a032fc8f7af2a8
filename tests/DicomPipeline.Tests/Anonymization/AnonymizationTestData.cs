using System.Text;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>A hand-built instance with identifiers at the top level, in sequences and in items of items.</summary>
internal static class AnonymizationTestData
{
    public const string Secret = "test-secret-0123456789-9f3c1a7e5b2d4068";
    public const string StudyUid = "1.2.826.0.1.3680043.99.1";
    public const string SeriesUid = "1.2.826.0.1.3680043.99.1.2";
    public const string SopUid = "1.2.826.0.1.3680043.99.1.2.3";
    public const string OtherSopUid = "1.2.826.0.1.3680043.99.1.2.4";
    public const string FrameOfReferenceUid = "1.2.826.0.1.3680043.99.7";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static readonly string[] IdentifyingValues =
    [
        "Müller^Jürgen", "Müller", "Jürgen", "PID-4711", "ACC-998877", "St. Elsewhere Hospital", "Elm Street 12",
        "Dr^Referrer", "Referrer", "STATION-7", "SN-123456", "19650412", "Operator^Olga", "Physician^Nested",
        "Deep^Inside", "OTHER-PID-1", "private secret text", "STUDY-ID-42", "20240131", "20240130",
    ];

    public static DicomDataset CreateInstance(string patientId = "PID-4711", string sopUid = SopUid, string referencedUid = OtherSopUid)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        ds.SetString(DicomTag.SOPClassUID, CtImageStorage);
        ds.SetString(DicomTag.SOPInstanceUID, sopUid);
        ds.SetString(DicomTag.StudyDate, "20240131");
        ds.SetString(DicomTag.SeriesDate, "20240130");
        ds.SetString(DicomTag.StudyTime, "101500");
        ds.SetString(DicomTag.AccessionNumber, "ACC-998877");
        ds.SetString(DicomTag.Modality, "CT");
        ds.SetString(DicomTag.InstitutionName, "St. Elsewhere Hospital");
        ds.SetString(DicomTag.InstitutionAddress, "Elm Street 12");
        ds.SetString(DicomTag.ReferringPhysicianName, "Dr^Referrer");
        ds.SetString(DicomTag.StationName, "STATION-7");
        ds.SetString(DicomTag.StudyDescription, "CT chest for Müller");
        ds.SetString(DicomTag.SeriesDescription, "Axial 1mm");
        ds.SetString(DicomTag.OperatorsName, "Operator^Olga");
        ds.SetString(DicomTag.PatientName, "Müller^Jürgen");
        ds.SetString(DicomTag.PatientID, patientId);
        ds.SetString(DicomTag.PatientBirthDate, "19650412");
        ds.SetString(DicomTag.PatientSex, "M");
        ds.SetString(DicomTag.PatientAge, "058Y");
        ds.SetString(DicomTag.DeviceSerialNumber, "SN-123456");
        ds.SetString(DicomTag.DateOfLastCalibration, "20240101");
        ds.SetString(DicomTag.StudyInstanceUID, StudyUid);
        ds.SetString(DicomTag.SeriesInstanceUID, SeriesUid);
        ds.SetString(DicomTag.StudyID, "STUDY-ID-42");
        ds.SetString(DicomTag.FrameOfReferenceUID, FrameOfReferenceUid);
        ds.SetNumbers(DicomTag.Rows, null, (ushort)2);
        ds.SetNumbers(DicomTag.Columns, null, (ushort)2);

        // Referenced Image Sequence (X/Z/U*): item -> reference, plus a nested sequence not in the table whose item
        // holds a Person Name (D) and an item of an item with an Institution Name.
        var deepest = new DicomDataset();
        deepest.SetString(DicomTag.InstitutionName, "Deep^Inside");
        var nested = new DicomDataset();
        nested.SetString(DicomTag.CodeValue, "T-D0050");
        nested.SetString(DicomTag.CodeMeaning, "Chest");
        nested.SetString(DicomTag.PersonName, "Physician^Nested");
        nested.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, deepest));
        var reference = new DicomDataset();
        reference.SetString(DicomTag.ReferencedSOPClassUID, CtImageStorage);
        reference.SetString(DicomTag.ReferencedSOPInstanceUID, referencedUid);
        reference.AddOrUpdate(new DicomSequence(DicomTag.AnatomicRegionSequence, nested));
        ds.AddOrUpdate(new DicomSequence(DicomTag.ReferencedImageSequence, reference));

        var other = new DicomDataset();
        other.SetString(DicomTag.PatientID, "OTHER-PID-1");
        ds.AddOrUpdate(new DicomSequence(DicomTag.OtherPatientIDsSequence, other));

        ds.SetString(new DicomTag(0x00090010), "ACME 1.0", DicomVR.LO);
        ds.SetString(new DicomTag(0x00091001), "private secret text", DicomVR.LO);
        ds.SetString(new DicomTag(0x00091002), "safe value", DicomVR.LO);
        ds.SetNumbers(new DicomTag(0x00080000), DicomVR.UL, 4u);

        // An overlay plane (2 x 8 bits) and curve data (one point of one dimension, US), described as the payload step
        // requires: a plane whose data does not match its description is removed whole.
        ds.SetNumbers(new DicomTag(0x60000010), DicomVR.US, (ushort)2);
        ds.SetNumbers(new DicomTag(0x60000011), DicomVR.US, (ushort)8);
        ds.SetNumbers(new DicomTag(0x60000100), DicomVR.US, (ushort)1);
        ds.SetNumbers(new DicomTag(0x50000005), DicomVR.US, (ushort)1);
        ds.SetNumbers(new DicomTag(0x50000010), DicomVR.US, (ushort)1);
        ds.SetNumbers(new DicomTag(0x50000103), DicomVR.US, (ushort)0);
        ds.SetBytes(new DicomTag(0x60003000), DicomVR.OW, new byte[] { 1, 0 });
        ds.SetBytes(new DicomTag(0x50003000), DicomVR.OW, new byte[] { 1, 0 });
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        return ds;
    }

    public static AnonymizationOptions Options(Action<AnonymizationOptions>? configure = null)
    {
        var options = new AnonymizationOptions { Secret = Secret };
        configure?.Invoke(options);
        return options;
    }

    public static AnonymizationResult Anonymize(DicomDataset dataset, Action<AnonymizationOptions>? configure = null) =>
        new ConfidentialityProfileAnonymizer(Options(configure)).Anonymize(new DicomFile(dataset));

    public static async Task<byte[]> ToBytesAsync(DicomFile file)
    {
        using var stream = new MemoryStream();
        await file.WriteAsync(stream);
        return stream.ToArray();
    }

    /// <summary>The values among <paramref name="values"/> found in <paramref name="bytes"/> as UTF-8 or Latin-1.</summary>
    /// <remarks>Latin-1 only for values Latin-1 can hold: "佐藤" would otherwise be looked for as "??".</remarks>
    public static IReadOnlyList<string> FindIn(byte[] bytes, IEnumerable<string> values) =>
        values.Where(v => v.Length > 0
                && (Contains(bytes, Encoding.UTF8.GetBytes(v)) || (v.All(c => c <= '\u00FF') && Contains(bytes, Encoding.Latin1.GetBytes(v)))))
            .Distinct()
            .ToList();

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
