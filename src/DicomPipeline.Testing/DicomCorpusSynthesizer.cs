using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Testing;

/// <summary>
/// Generates a deterministic corpus of realistic CT Image Storage instances for tests and demos: patients with
/// ASCII, Latin-1 (ISO_IR 100) and UTF-8 (ISO_IR 192) names, identifiers at the top level and nested two sequence
/// levels deep, private elements holding the patient name, an overlay, references between images and a phantom
/// image. Every random choice comes from <see cref="SynthesisOptions.Seed"/>, so the same options always give the
/// same datasets and byte-identical files.
/// </summary>
public sealed class DicomCorpusSynthesizer
{
    /// <summary>The SOP Class UID of every instance: CT Image Storage.</summary>
    public const string CTImageStorageUid = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>The private creator of group 0009, whose (0009,1001) holds the patient name and (0009,1002) opaque bytes.</summary>
    public const string PrivateCreator = "DICOMPIPELINE SYNTH";

    /// <summary>The private creator of group 0019, whose (0019,1001) is a UN value holding the patient ID as text.</summary>
    public const string SecondPrivateCreator = "DICOMPIPELINE SYNTH 2";

    private const string DetachedPatientManagementUid = "1.2.840.10008.3.1.2.1.1";
    private const string DetachedStudyManagementUid = "1.2.840.10008.3.1.2.3.1";
    private const string LocalCodingScheme = "99SYNTH";
    private const int MinStoredValue = -2048;
    private const int MaxStoredValue = 2047;

    private static readonly NamePart[] AsciiFamilies = [new("Harrington"), new("Okafor"), new("Rossi"), new("Novak"), new("Whitaker"), new("Fitzgerald")];
    private static readonly NamePart[] AsciiGivens = [new("Jane", Sex: "F"), new("Robert", Sex: "M"), new("Chidi", Sex: "M"), new("Giulia", Sex: "F"), new("Peter", Sex: "M"), new("Amelia", Sex: "F")];
    private static readonly NamePart[] Latin1Families = [new("Lefèvre"), new("García"), new("Jönsson"), new("Sørensen"), new("Ångström"), new("Çelik")];
    private static readonly NamePart[] Latin1Givens = [new("Hélène", Sex: "F"), new("José", Sex: "M"), new("Björn", Sex: "M"), new("Kjærsti", Sex: "F"), new("Zoë", Sex: "F"), new("François", Sex: "M")];
    private static readonly NamePart[] Utf8Families = [new("Müller"), new("Ødegård"), new("Dvořák"), new("Wójcik"), new("Núñez"), new("Kovačević")];
    private static readonly NamePart[] Utf8Givens = [new("Jürgen", Sex: "M"), new("Åse", Sex: "F"), new("Zdeněk", Sex: "M"), new("Małgorzata", Sex: "F"), new("Begoña", Sex: "F"), new("Vojtěch", Sex: "M")];

    private static readonly NamePart[] JapaneseFamilies =
    [
        new("Yamada", "山田", "やまだ"), new("Suzuki", "鈴木", "すずき"), new("Tanaka", "田中", "たなか"), new("Watanabe", "渡辺", "わたなべ"),
    ];

    private static readonly NamePart[] JapaneseGivens =
    [
        new("Tarou", "太郎", "たろう", "M"), new("Hanako", "花子", "はなこ", "F"), new("Kenji", "健二", "けんじ", "M"), new("Yukiko", "由紀子", "ゆきこ", "F"),
    ];

    private static readonly string[] AsciiPhysicians = ["Whitfield^Gregory", "Adeyemi^Folake", "Lindqvist^Erik", "Castellano^Marco"];
    private static readonly string[] Latin1Physicians = ["Dupré^Céline", "Müllner^Günther", "Ibáñez^Raúl", "Åkesson^Ingrid"];
    private static readonly string[] Utf8Physicians = ["Schäfer^Katrin", "Bjørnstad^Lars", "Novotná^Jana", "Wiśniewski^Tomasz"];
    private static readonly string[] JapanesePhysicians = ["Satou^Ichirou=佐藤^一郎=さとう^いちろう", "Kobayashi^Emiko=小林^恵美子=こばやし^えみこ"];

    private static readonly Institution[] AsciiInstitutions =
    [
        new("Riverside General Hospital", "400 Harbor Drive, Springfield, OR 97477, USA", "RGH"),
        new("Northgate Medical Centre", "18 Elmwood Lane, Leeds LS2 9JT, United Kingdom", "NMC"),
    ];

    private static readonly Institution[] Latin1Institutions =
    [
        new("Hôpital Sainte-Aurélie", "12 rue des Lilas, 69003 Lyon, France", "HSA"),
        new("Clínica San Rafael de Almería", "Calle Mayor 7, 04001 Almería, España", "CSR"),
    ];

    private static readonly Institution[] Utf8Institutions =
    [
        new("Universitätsklinikum Nordheide", "Klinikstraße 12, 21255 Nordheide, Deutschland", "UKN"),
        new("Haukeland Sjøsykehus", "Sjøgata 4, 5021 Bergen, Norge", "HSB"),
    ];

    private static readonly (string Description, string Code, string BodyPart)[] Studies =
    [
        ("CT CHEST WITH CONTRAST", "CTCHESTC", "CHEST"),
        ("CT ABDOMEN PELVIS", "CTABDPEL", "ABDOMEN"),
        ("CT THORAX LOW DOSE", "CTTHORLD", "CHEST"),
        ("CT HEAD WITHOUT CONTRAST", "CTHEADNC", "HEAD"),
    ];

    private static readonly (string Description, double Thickness, string Kernel)[] SeriesKinds =
    [
        ("AXIAL 5.0 SOFT TISSUE", 5.0, "B30f"),
        ("AXIAL 1.25 LUNG", 1.25, "B70f"),
        ("AXIAL 2.0 BONE", 2.0, "B60s"),
        ("AXIAL 3.0 STANDARD", 3.0, "B40f"),
    ];

    private readonly SynthesisOptions _options;

    /// <summary>Creates a synthesizer; the options are copied, so changing them afterwards has no effect.</summary>
    /// <param name="options">What to generate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its transfer syntax is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, rows or columns are outside 1 to 4096, or there would be more than <see cref="int.MaxValue"/> files.</exception>
    /// <exception cref="ArgumentException">The transfer syntax is encapsulated (compressed).</exception>
    public DicomCorpusSynthesizer(SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Copy();
        RequirePositive(copy.Patients, nameof(SynthesisOptions.Patients), nameof(options));
        RequirePositive(copy.StudiesPerPatient, nameof(SynthesisOptions.StudiesPerPatient), nameof(options));
        RequirePositive(copy.SeriesPerStudy, nameof(SynthesisOptions.SeriesPerStudy), nameof(options));
        RequirePositive(copy.InstancesPerSeries, nameof(SynthesisOptions.InstancesPerSeries), nameof(options));
        RequireDimension(copy.Rows, nameof(SynthesisOptions.Rows), nameof(options));
        RequireDimension(copy.Columns, nameof(SynthesisOptions.Columns), nameof(options));
        if (copy.TransferSyntax is null)
        {
            throw new ArgumentNullException(nameof(options), "SynthesisOptions.TransferSyntax must be set.");
        }

        if (copy.TransferSyntax.IsEncapsulated)
        {
            throw new ArgumentException(
                $"SynthesisOptions.TransferSyntax {copy.TransferSyntax.Name} is encapsulated; only uncompressed transfer syntaxes can be written.",
                nameof(options));
        }

        long total = 1;
        foreach (var count in (int[])[copy.Patients, copy.StudiesPerPatient, copy.SeriesPerStudy, copy.InstancesPerSeries])
        {
            total = total > int.MaxValue ? total : total * count;
        }

        if (total > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), total, "The options describe more files than can be listed.");
        }

        _options = copy;
        FileCount = (int)total;
    }

    /// <summary>How many instances (files) the corpus has.</summary>
    public int FileCount { get; }

    /// <summary>
    /// The corpus's datasets, patient by patient, study by study, series by series, generated lazily. Each enumeration
    /// starts again from the seed and gives the same datasets.
    /// </summary>
    /// <returns>The datasets.</returns>
    public IEnumerable<DicomDataset> CreateDatasets() => Generate(new IdentifyingValues(), []).Select(instance => instance.Dataset);

    /// <summary>
    /// Writes the corpus under <paramref name="directory"/> as <c>pNN/stNN/seNN/iNNNN.dcm</c> (neutral names that
    /// carry no patient data), each file written atomically in <see cref="SynthesisOptions.TransferSyntax"/>.
    /// Existing files of the same names are replaced.
    /// </summary>
    /// <param name="directory">The root directory; created when missing.</param>
    /// <param name="progress">Told the number of files written so far, after each file.</param>
    /// <param name="cancellationToken">Cancels the writing; files already written stay.</param>
    /// <returns>The files written and the identifying values planted in them.</returns>
    public async Task<SynthesisResult> WriteAsync(string directory, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);

        var identifying = new IdentifyingValues();
        var patientIds = new List<string>();
        var files = new List<string>(FileCount);
        foreach (var instance in Generate(identifying, patientIds))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = Path.Combine(root, instance.PatientFolder, instance.StudyFolder, instance.SeriesFolder);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, instance.FileName);
            var file = new DicomFile(instance.Dataset, _options.TransferSyntax);
            await file.SaveAsync(path, null, cancellationToken).ConfigureAwait(false);
            files.Add(path);
            progress?.Report(files.Count);
        }

        return new SynthesisResult(files.AsReadOnly(), identifying.ToReadOnly(), patientIds.AsReadOnly());
    }

    private static void RequirePositive(int value, string name, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"SynthesisOptions.{name} must be positive.");
        }
    }

    private static void RequireDimension(int value, string name, string paramName)
    {
        if (value is < 1 or > SynthesisOptions.MaxImageDimension)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"SynthesisOptions.{name} must be from 1 to {SynthesisOptions.MaxImageDimension}."));
        }
    }

    private static string Folder(string prefix, int number, int count, int minimumWidth)
    {
        var width = Math.Max(minimumWidth, count.ToString(CultureInfo.InvariantCulture).Length);
        return prefix + number.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private IEnumerable<SyntheticInstance> Generate(IdentifyingValues identifying, List<string> patientIds)
    {
        var random = new Random(_options.Seed);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var baseDate = new DateOnly(2012, 1, 1).AddDays(random.Next(0, 12 * 365));
        for (var p = 0; p < _options.Patients; p++)
        {
            var patient = CreatePatient(random, used, p, baseDate);
            patientIds.Add(patient.Id);
            identifying.AddPersonName(patient.Name);
            identifying.Add(patient.Id, patient.OtherId, patient.Issuer, patient.OtherIssuer, patient.BirthDateText, patient.ReferencedPatientUid);
            identifying.Add(patient.Institution.Name, patient.Institution.Address);

            var studyDate = patient.FirstStudyDate;
            for (var s = 0; s < _options.StudiesPerPatient; s++)
            {
                if (s > 0)
                {
                    studyDate = studyDate.AddDays(random.Next(30, 400));
                }

                var study = CreateStudy(random, used, patient, studyDate, s);
                identifying.Add(study.Uid, study.FrameOfReferenceUid, study.AccessionNumber, study.StudyId, study.RequestedProcedureId,
                    study.ScheduledProcedureStepId, study.StationName, study.DeviceSerialNumber, study.ReferringPhysicianCode);
                identifying.AddPersonName(study.ReferringPhysician);
                identifying.AddPersonName(study.PerformingPhysician);
                identifying.AddPersonName(study.Operator);
                foreach (var seriesUid in study.SeriesUids)
                {
                    identifying.Add(seriesUid);
                }

                foreach (var sop in study.SopInstanceUids.SelectMany(uids => uids))
                {
                    identifying.Add(sop);
                }

                for (var se = 0; se < _options.SeriesPerStudy; se++)
                {
                    for (var i = 0; i < _options.InstancesPerSeries; i++)
                    {
                        var dataset = CreateInstance(random, patient, study, se, i);
                        yield return new SyntheticInstance(
                            dataset,
                            Folder("p", p + 1, _options.Patients, 2),
                            Folder("st", s + 1, _options.StudiesPerPatient, 2),
                            Folder("se", se + 1, _options.SeriesPerStudy, 2),
                            Folder("i", i + 1, _options.InstancesPerSeries, 4) + ".dcm");
                    }
                }
            }
        }
    }

    private static Patient CreatePatient(Random random, HashSet<string> used, int index, DateOnly baseDate)
    {
        // Patients take turns: UTF-8 (ISO_IR 192), Latin-1 (ISO_IR 100), then the default repertoire (ASCII).
        var kind = (CharacterSetKind)(index % 3);
        var ordinal = index / 3;
        NamePart family;
        NamePart given;
        switch (kind)
        {
            case CharacterSetKind.Utf8 when ordinal % 2 == 1:
                (family, given) = PickName(random, JapaneseFamilies, JapaneseGivens, ordinal / 2);
                break;
            case CharacterSetKind.Utf8:
                (family, given) = PickName(random, Utf8Families, Utf8Givens, ordinal / 2);
                break;
            case CharacterSetKind.Latin1:
                (family, given) = PickName(random, Latin1Families, Latin1Givens, ordinal);
                break;
            default:
                (family, given) = PickName(random, AsciiFamilies, AsciiGivens, ordinal);
                break;
        }

        var name = family.Ideographic.Length == 0
            ? $"{family.Alphabetic}^{given.Alphabetic}"
            : $"{family.Alphabetic}^{given.Alphabetic}={family.Ideographic}^{given.Ideographic}={family.Phonetic}^{given.Phonetic}";
        var institutions = kind switch
        {
            CharacterSetKind.Utf8 => Utf8Institutions,
            CharacterSetKind.Latin1 => Latin1Institutions,
            _ => AsciiInstitutions,
        };
        var institution = institutions[random.Next(institutions.Length)];
        var firstStudyDate = baseDate.AddDays(random.Next(0, 2 * 365));
        var age = random.Next(18, 90);
        var birthDate = firstStudyDate.AddYears(-age).AddDays(-random.Next(0, 365));
        return new Patient(
            kind,
            name,
            UniqueId(random, used, "MRN", 7),
            UniqueId(random, used, "ALT-", 8),
            institution.Code + " MRN",
            institution.Code + " REGIONAL ID",
            given.Sex,
            birthDate,
            Math.Round(random.Next(450, 1100) / 10.0, 1),
            institution,
            firstStudyDate,
            NewUid(random, used));
    }

    private static (NamePart Family, NamePart Given) PickName(Random random, NamePart[] families, NamePart[] givens, int ordinal)
    {
        // Successive patients of a pool walk through its family x given combinations, so names repeat only once the
        // pool is exhausted.
        var combinations = families.Length * givens.Length;
        var combination = (random.Next(combinations) + ordinal) % combinations;
        return (families[combination % families.Length], givens[combination / families.Length % givens.Length]);
    }

    private Study CreateStudy(Random random, HashSet<string> used, Patient patient, DateOnly date, int index)
    {
        var physicians = patient.Kind switch
        {
            CharacterSetKind.Utf8 => Utf8Physicians,
            CharacterSetKind.Latin1 => Latin1Physicians,
            _ => AsciiPhysicians,
        };
        var referring = physicians[random.Next(physicians.Length)];
        var performing = physicians[random.Next(physicians.Length)];
        var operatorName = patient.Kind == CharacterSetKind.Utf8
            ? JapanesePhysicians[random.Next(JapanesePhysicians.Length)]
            : physicians[random.Next(physicians.Length)];
        var kind = Studies[random.Next(Studies.Length)];
        var time = new TimeOnly(7, 0).Add(TimeSpan.FromSeconds(random.Next(0, 11 * 3600)));
        var studyUid = NewUid(random, used);
        var frameOfReferenceUid = NewUid(random, used);
        var seriesUids = new string[_options.SeriesPerStudy];
        var sopUids = new string[_options.SeriesPerStudy][];
        for (var se = 0; se < seriesUids.Length; se++)
        {
            seriesUids[se] = NewUid(random, used);
            sopUids[se] = new string[_options.InstancesPerSeries];
            for (var i = 0; i < sopUids[se].Length; i++)
            {
                sopUids[se][i] = NewUid(random, used);
            }
        }

        return new Study(
            studyUid,
            frameOfReferenceUid,
            seriesUids,
            sopUids,
            date,
            time,
            UniqueId(random, used, "ACC", 7),
            UniqueId(random, used, "STU", 6),
            UniqueId(random, used, "RP", 7),
            UniqueId(random, used, "SPS", 7),
            UniqueId(random, used, patient.Institution.Code + "-CT", 3),
            UniqueId(random, used, "SN", 8),
            referring,
            UniqueId(random, used, "PHY", 5),
            performing,
            operatorName,
            kind.Description,
            kind.Code,
            kind.BodyPart,
            -random.Next(20, 200) * 1.0,
            index + 1);
    }

    private DicomDataset CreateInstance(Random random, Patient patient, Study study, int seriesIndex, int instanceIndex)
    {
        var rows = _options.Rows;
        var columns = _options.Columns;
        var seriesKind = SeriesKinds[seriesIndex % SeriesKinds.Length];
        var seriesTime = study.Time.Add(TimeSpan.FromMinutes(1 + (4 * seriesIndex)));
        var acquisitionTime = seriesTime.Add(TimeSpan.FromMilliseconds(500 * instanceIndex));
        var contentTime = acquisitionTime.Add(TimeSpan.FromSeconds(20));
        var sopInstanceUid = study.SopInstanceUids[seriesIndex][instanceIndex];
        var spacing = Math.Round(350.0 / Math.Max(rows, columns), 6);
        var z = study.TableStart - (instanceIndex * seriesKind.Thickness);

        var ds = new DicomDataset();
        switch (patient.Kind)
        {
            case CharacterSetKind.Utf8:
                ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
                break;
            case CharacterSetKind.Latin1:
                ds.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100");
                break;
            default:
                break;
        }

        // SOP Common, General Study, General Series, Frame of Reference, General Equipment.
        ds.SetStrings(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.SetDate(DicomTag.InstanceCreationDate, study.Date);
        ds.SetTime(DicomTag.InstanceCreationTime, contentTime);
        ds.SetString(DicomTag.SOPClassUID, CTImageStorageUid);
        ds.SetString(DicomTag.SOPInstanceUID, sopInstanceUid);
        ds.SetDate(DicomTag.StudyDate, study.Date);
        ds.SetDate(DicomTag.SeriesDate, study.Date);
        ds.SetDate(DicomTag.AcquisitionDate, study.Date);
        ds.SetDate(DicomTag.ContentDate, study.Date);
        ds.SetTime(DicomTag.StudyTime, study.Time);
        ds.SetTime(DicomTag.SeriesTime, seriesTime);
        ds.SetTime(DicomTag.AcquisitionTime, acquisitionTime);
        ds.SetTime(DicomTag.ContentTime, contentTime);
        ds.SetString(DicomTag.AccessionNumber, study.AccessionNumber);
        ds.SetString(DicomTag.Modality, "CT");
        ds.SetString(DicomTag.Manufacturer, "DicomPipeline Synthetic Imaging");
        ds.SetString(DicomTag.InstitutionName, patient.Institution.Name);
        ds.SetString(DicomTag.InstitutionAddress, patient.Institution.Address);
        ds.SetString(DicomTag.ReferringPhysicianName, study.ReferringPhysician);
        AddPersonIdentification(ds, DicomTag.ReferringPhysicianIdentificationSequence, study.ReferringPhysician, study.ReferringPhysicianCode, patient.Institution.Name);
        ds.SetString(DicomTag.StationName, study.StationName);
        ds.SetString(DicomTag.StudyDescription, study.Description);
        ds.SetString(DicomTag.SeriesDescription, seriesKind.Description);
        ds.SetString(DicomTag.PerformingPhysicianName, study.PerformingPhysician);
        ds.SetString(DicomTag.OperatorsName, study.Operator);
        ds.SetString(DicomTag.ManufacturerModelName, "SynthCT 64");

        if (instanceIndex > 0)
        {
            // A reference from one image to another: the previous slice of the same series.
            var reference = AddItem(ds, DicomTag.ReferencedImageSequence);
            reference.SetString(DicomTag.ReferencedSOPClassUID, CTImageStorageUid);
            reference.SetString(DicomTag.ReferencedSOPInstanceUID, study.SopInstanceUids[seriesIndex][instanceIndex - 1]);
        }

        if (seriesIndex > 0)
        {
            // Later series are reconstructed from the first: a reference across series.
            var source = AddItem(ds, DicomTag.SourceImageSequence);
            source.SetString(DicomTag.ReferencedSOPClassUID, CTImageStorageUid);
            source.SetString(DicomTag.ReferencedSOPInstanceUID, study.SopInstanceUids[0][instanceIndex]);
        }

        // Patient.
        ds.SetString(DicomTag.PatientName, patient.Name);
        ds.SetString(DicomTag.PatientID, patient.Id);
        ds.SetString(DicomTag.IssuerOfPatientID, patient.Issuer);
        ds.SetDate(DicomTag.PatientBirthDate, patient.BirthDate);
        ds.SetString(DicomTag.PatientSex, patient.Sex);
        var otherId = AddItem(ds, DicomTag.OtherPatientIDsSequence);
        otherId.SetString(DicomTag.PatientID, patient.OtherId);
        otherId.SetString(DicomTag.IssuerOfPatientID, patient.OtherIssuer);
        otherId.SetString(DicomTag.TypeOfPatientID, "TEXT");
        ds.SetString(DicomTag.PatientAge, AgeString(patient.BirthDate, study.Date));
        ds.SetNumbers(DicomTag.PatientWeight, null, patient.Weight);

        // CT image acquisition and equipment.
        ds.SetString(DicomTag.BodyPartExamined, study.BodyPart);
        ds.SetNumbers(DicomTag.SliceThickness, null, seriesKind.Thickness);
        ds.SetNumbers(DicomTag.KVP, null, 120);
        ds.SetString(DicomTag.DeviceSerialNumber, study.DeviceSerialNumber);
        ds.SetString(DicomTag.SoftwareVersions, "SYNTH 1.0");
        ds.SetString(DicomTag.ProtocolName, study.Description);
        ds.SetString(DicomTag.ConvolutionKernel, seriesKind.Kernel);
        ds.SetString(DicomTag.PatientPosition, "HFS");

        // Study, series, image and plane identification.
        ds.SetString(DicomTag.StudyInstanceUID, study.Uid);
        ds.SetString(DicomTag.SeriesInstanceUID, study.SeriesUids[seriesIndex]);
        ds.SetString(DicomTag.StudyID, study.StudyId);
        ds.SetNumbers(DicomTag.SeriesNumber, null, seriesIndex + 1);
        ds.SetNumbers(DicomTag.AcquisitionNumber, null, study.Number);
        ds.SetNumbers(DicomTag.InstanceNumber, null, instanceIndex + 1);
        ds.SetNumbers(DicomTag.ImagePositionPatient, null, -spacing * columns / 2, -spacing * rows / 2, z);
        ds.SetNumbers(DicomTag.ImageOrientationPatient, null, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0);
        ds.SetString(DicomTag.FrameOfReferenceUID, study.FrameOfReferenceUid);
        ds.SetString(DicomTag.PositionReferenceIndicator, string.Empty);
        ds.SetNumbers(DicomTag.SliceLocation, null, z);
        ds.SetString(DicomTag.ImageComments, string.Create(CultureInfo.InvariantCulture, $"Synthetic CT phantom of {patient.Name}, slice {instanceIndex + 1}"));

        // Image pixel and CT image.
        var (pixels, smallest, largest) = CreatePhantom(random, rows, columns, instanceIndex, _options.InstancesPerSeries);
        ds.SetNumbers(DicomTag.SamplesPerPixel, null, (ushort)1);
        ds.SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.SetNumbers(DicomTag.Rows, null, (ushort)rows);
        ds.SetNumbers(DicomTag.Columns, null, (ushort)columns);
        ds.SetNumbers(DicomTag.PixelSpacing, null, spacing, spacing);
        ds.SetNumbers(DicomTag.BitsAllocated, null, (ushort)16);
        ds.SetNumbers(DicomTag.BitsStored, null, (ushort)12);
        ds.SetNumbers(DicomTag.HighBit, null, (ushort)11);
        ds.SetNumbers(DicomTag.PixelRepresentation, null, (ushort)1);
        ds.SetNumbers(DicomTag.SmallestImagePixelValue, DicomVR.SS, smallest);
        ds.SetNumbers(DicomTag.LargestImagePixelValue, DicomVR.SS, largest);
        ds.SetNumbers(DicomTag.WindowCenter, null, 40.0);
        ds.SetNumbers(DicomTag.WindowWidth, null, 400.0);
        ds.SetNumbers(DicomTag.RescaleIntercept, null, -1024.0);
        ds.SetNumbers(DicomTag.RescaleSlope, null, 1.0);
        ds.SetString(DicomTag.RescaleType, "HU");

        // Request attributes: identifiers one level deep, the patient again two levels deep.
        var request = AddItem(ds, DicomTag.RequestAttributesSequence);
        request.SetString(DicomTag.RequestedProcedureID, study.RequestedProcedureId);
        request.SetString(DicomTag.ScheduledProcedureStepID, study.ScheduledProcedureStepId);
        request.SetString(DicomTag.RequestedProcedureDescription, study.Description);
        request.SetString(DicomTag.ScheduledProcedureStepDescription, study.Description);
        var procedureCode = AddItem(request, DicomTag.RequestedProcedureCodeSequence);
        procedureCode.SetString(DicomTag.CodeValue, study.ProcedureCode);
        procedureCode.SetString(DicomTag.CodingSchemeDesignator, LocalCodingScheme);
        procedureCode.SetString(DicomTag.CodeMeaning, study.Description);
        var referencedStudy = AddItem(request, DicomTag.ReferencedStudySequence);
        referencedStudy.SetString(DicomTag.ReferencedSOPClassUID, DetachedStudyManagementUid);
        referencedStudy.SetString(DicomTag.ReferencedSOPInstanceUID, study.Uid);
        var referencedPatient = AddItem(request, DicomTag.ReferencedPatientSequence);
        referencedPatient.SetString(DicomTag.ReferencedSOPClassUID, DetachedPatientManagementUid);
        referencedPatient.SetString(DicomTag.ReferencedSOPInstanceUID, patient.ReferencedPatientUid);
        referencedPatient.SetString(DicomTag.PatientName, patient.Name);
        referencedPatient.SetString(DicomTag.PatientID, patient.Id);

        // Private blocks: a text canary holding the patient name, opaque bytes, and a UN value holding the patient ID.
        ds.SetString(new DicomTag(0x00090010), PrivateCreator, DicomVR.LO);
        ds.SetString(new DicomTag(0x00091001), patient.Name, DicomVR.LO);
        var opaque = new byte[16];
        random.NextBytes(opaque);
        ds.SetBytes(new DicomTag(0x00091002), DicomVR.OB, opaque);
        ds.SetString(new DicomTag(0x00190010), SecondPrivateCreator, DicomVR.LO);
        ds.SetBytes(new DicomTag(0x00191001), DicomVR.UN, Encoding.ASCII.GetBytes("PATIENT=" + patient.Id + ";"));

        // An overlay plane: a rectangle around the middle of the image.
        ds.SetNumbers(new DicomTag(0x60000010), DicomVR.US, (ushort)rows);
        ds.SetNumbers(new DicomTag(0x60000011), DicomVR.US, (ushort)columns);
        ds.SetString(new DicomTag(0x60000022), "Synthetic region of interest", DicomVR.LO);
        ds.SetString(new DicomTag(0x60000040), "G", DicomVR.CS);
        ds.SetNumbers(new DicomTag(0x60000050), DicomVR.SS, (short)1, (short)1);
        ds.SetNumbers(new DicomTag(0x60000100), DicomVR.US, (ushort)1);
        ds.SetNumbers(new DicomTag(0x60000102), DicomVR.US, (ushort)0);
        ds.SetBytes(new DicomTag(0x60003000), DicomVR.OW, CreateOverlay(rows, columns));

        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Adds a sequence of one item to <paramref name="parent"/> and returns the item, attached first so that its text is encoded in the parent's character set.</summary>
    private static DicomDataset AddItem(DicomDataset parent, DicomTag sequenceTag)
    {
        var item = new DicomDataset();
        parent.AddOrUpdate(new DicomSequence(sequenceTag, item));
        return item;
    }

    private static void AddPersonIdentification(DicomDataset parent, DicomTag sequenceTag, string name, string code, string institution)
    {
        var person = AddItem(parent, sequenceTag);
        person.SetString(DicomTag.InstitutionName, institution);
        var codeItem = AddItem(person, DicomTag.PersonIdentificationCodeSequence);
        codeItem.SetString(DicomTag.CodeValue, code);
        codeItem.SetString(DicomTag.CodingSchemeDesignator, "L");
        codeItem.SetString(DicomTag.CodeMeaning, name);
    }

    private static string AgeString(DateOnly birthDate, DateOnly on)
    {
        var years = on.Year - birthDate.Year;
        if (on < birthDate.AddYears(years))
        {
            years--;
        }

        return years.ToString("D3", CultureInfo.InvariantCulture) + "Y";
    }

    /// <summary>
    /// A CT phantom in stored values (HU + 1024): air, an elliptic body of soft tissue, two lungs, a spine and a lesion
    /// whose size changes from slice to slice, plus noise from the seeded generator. 16-bit little endian, signed.
    /// </summary>
    private static (byte[] Pixels, short Smallest, short Largest) CreatePhantom(Random random, int rows, int columns, int slice, int slices)
    {
        var pixels = new byte[rows * columns * 2];
        var cx = (columns - 1) / 2.0;
        var cy = (rows - 1) / 2.0;
        var lesionRadius = 0.12 * Math.Sin(Math.PI * (slice + 1) / (slices + 1));
        var smallest = short.MaxValue;
        var largest = short.MinValue;
        for (var y = 0; y < rows; y++)
        {
            var ny = (y - cy) / rows;
            for (var x = 0; x < columns; x++)
            {
                var nx = (x - cx) / columns;
                int hu;
                if (Inside(nx, ny, 0, 0.06, 0.05, 0.05))
                {
                    hu = 700;
                }
                else if (Inside(nx, ny, -0.15, -0.08, lesionRadius, lesionRadius))
                {
                    hu = 150;
                }
                else if (Inside(nx, ny, -0.18, -0.05, 0.13, 0.2) || Inside(nx, ny, 0.18, -0.05, 0.13, 0.2))
                {
                    hu = -850;
                }
                else if (Inside(nx, ny, 0, 0, 0.45, 0.38))
                {
                    hu = 40;
                }
                else
                {
                    hu = -1000;
                }

                var noise = random.Next(-12, 13) + random.Next(-12, 13);
                var stored = (short)Math.Clamp(hu + 1024 + noise, MinStoredValue, MaxStoredValue);
                smallest = Math.Min(smallest, stored);
                largest = Math.Max(largest, stored);
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(((y * columns) + x) * 2), stored);
            }
        }

        return (pixels, smallest, largest);
    }

    private static bool Inside(double x, double y, double centerX, double centerY, double radiusX, double radiusY)
    {
        if (radiusX <= 0 || radiusY <= 0)
        {
            return false;
        }

        var dx = (x - centerX) / radiusX;
        var dy = (y - centerY) / radiusY;
        return (dx * dx) + (dy * dy) <= 1;
    }

    /// <summary>A one-bit overlay, pixel by pixel from the first bit of the first byte, padded to whole 16-bit words.</summary>
    private static byte[] CreateOverlay(int rows, int columns)
    {
        var bits = (long)rows * columns;
        var bytes = new byte[((bits + 15) / 16) * 2];
        var top = rows / 4;
        var bottom = rows - 1 - (rows / 4);
        var left = columns / 4;
        var right = columns - 1 - (columns / 4);
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                if (y == top || y == bottom || x == left || x == right)
                {
                    var bit = ((long)y * columns) + x;
                    bytes[bit / 8] |= (byte)(1 << (int)(bit % 8));
                }
            }
        }

        return bytes;
    }

    /// <summary>A UID under the 2.25 root (PS3.5 B.2): a 128-bit number drawn from the seeded generator, never repeated.</summary>
    private static string NewUid(Random random, HashSet<string> used)
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            random.NextBytes(bytes);
            var value = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
            var uid = "2.25." + value.ToString(CultureInfo.InvariantCulture);
            if (value != UInt128.Zero && used.Add(uid))
            {
                return uid;
            }
        }
    }

    /// <summary>An identifier: a prefix and random digits, never repeated.</summary>
    private static string UniqueId(Random random, HashSet<string> used, string prefix, int digits)
    {
        var low = (int)Math.Pow(10, digits - 1);
        while (true)
        {
            var id = prefix + random.Next(low, low * 10).ToString(CultureInfo.InvariantCulture);
            if (used.Add(id))
            {
                return id;
            }
        }
    }

    private enum CharacterSetKind
    {
        Utf8,
        Latin1,
        Default,
    }

    private sealed record NamePart(string Alphabetic, string Ideographic = "", string Phonetic = "", string Sex = "O");

    private sealed record Institution(string Name, string Address, string Code);

    private sealed record Patient(
        CharacterSetKind Kind,
        string Name,
        string Id,
        string OtherId,
        string Issuer,
        string OtherIssuer,
        string Sex,
        DateOnly BirthDate,
        double Weight,
        Institution Institution,
        DateOnly FirstStudyDate,
        string ReferencedPatientUid)
    {
        public string BirthDateText => BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }

    private sealed record Study(
        string Uid,
        string FrameOfReferenceUid,
        string[] SeriesUids,
        string[][] SopInstanceUids,
        DateOnly Date,
        TimeOnly Time,
        string AccessionNumber,
        string StudyId,
        string RequestedProcedureId,
        string ScheduledProcedureStepId,
        string StationName,
        string DeviceSerialNumber,
        string ReferringPhysician,
        string ReferringPhysicianCode,
        string PerformingPhysician,
        string Operator,
        string Description,
        string ProcedureCode,
        string BodyPart,
        double TableStart,
        int Number);

    private sealed record SyntheticInstance(DicomDataset Dataset, string PatientFolder, string StudyFolder, string SeriesFolder, string FileName);

    /// <summary>The identifying values planted, each once, in the order first planted.</summary>
    private sealed class IdentifyingValues
    {
        private readonly List<string> _values = [];
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public void Add(params ReadOnlySpan<string> values)
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrEmpty(value) && _seen.Add(value))
                {
                    _values.Add(value);
                }
            }
        }

        /// <summary>A PN value: the whole, each component group and each non-empty component.</summary>
        public void AddPersonName(string name)
        {
            Add(name);
            foreach (var group in name.Split('='))
            {
                Add(group);
                foreach (var component in group.Split('^'))
                {
                    Add(component);
                }
            }
        }

        public ReadOnlyCollection<string> ToReadOnly() => _values.ToArray().AsReadOnly();
    }
}
