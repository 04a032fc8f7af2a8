using System.Globalization;
using DicomPipeline.Dicom;
using DicomPipeline.Testing.Cohort;
using DicomPipeline.Testing.Modules;

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

    /// <summary>
    /// The modules of the CT Image IOD (PS3.3 A.3) the corpus fills, and its private blocks. Their order matters twice:
    /// SOP Common sets the Specific Character Set that later text is encoded in, and Image Pixel draws the pixel noise
    /// from the seeded generator before the private blocks draw their opaque bytes.
    /// </summary>
    private static readonly IModuleBuilder[] CtImageModules =
    [
        new SopCommonModule(),
        new PatientModule(),
        new GeneralStudyModule(),
        new PatientStudyModule(),
        new GeneralSeriesModule(),
        new FrameOfReferenceModule(),
        new GeneralEquipmentModule(),
        new GeneralAcquisitionModule(),
        new GeneralImageModule(),
        new GeneralReferenceModule(),
        new ImagePlaneModule(),
        new ImagePixelModule(),
        new CtImageModule(),
        new VoiLutModule(),
        new OverlayPlaneModule(),
        new PrivateCanaryModule(),
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
        (_options, FileCount) = options.ValidatedCopy(nameof(options));
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

    private static string Folder(string prefix, int number, int count, int minimumWidth)
    {
        var width = Math.Max(minimumWidth, count.ToString(CultureInfo.InvariantCulture).Length);
        return prefix + number.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private IEnumerable<SyntheticInstance> Generate(IdentifyingValues identifying, List<string> patientIds)
    {
        var values = new SeededValues(_options.Seed);
        var baseDate = new DateOnly(2012, 1, 1).AddDays(values.Random.Next(0, 12 * 365));
        for (var p = 0; p < _options.Patients; p++)
        {
            var patient = PatientGenerator.Create(values, p, baseDate);
            patientIds.Add(patient.Id);
            identifying.AddPatient(patient);

            var studyDate = patient.FirstStudyDate;
            for (var s = 0; s < _options.StudiesPerPatient; s++)
            {
                if (s > 0)
                {
                    studyDate = studyDate.AddDays(values.Random.Next(30, 400));
                }

                var study = StudyGenerator.Create(values, patient, studyDate, s, _options.SeriesPerStudy, _options.InstancesPerSeries);
                identifying.AddStudy(study);
                for (var se = 0; se < _options.SeriesPerStudy; se++)
                {
                    for (var i = 0; i < _options.InstancesPerSeries; i++)
                    {
                        var instance = new InstanceContext(values.Random, patient, study, se, i, _options.InstancesPerSeries, _options.Rows, _options.Columns);
                        yield return new SyntheticInstance(
                            CreateDataset(instance),
                            Folder("p", p + 1, _options.Patients, 2),
                            Folder("st", s + 1, _options.StudiesPerPatient, 2),
                            Folder("se", se + 1, _options.SeriesPerStudy, 2),
                            Folder("i", i + 1, _options.InstancesPerSeries, 4) + ".dcm");
                    }
                }
            }
        }
    }

    private static DicomDataset CreateDataset(InstanceContext instance)
    {
        var dataset = new DicomDataset();
        foreach (var module in CtImageModules)
        {
            module.Build(dataset, instance);
        }

        return dataset;
    }

    private sealed record SyntheticInstance(DicomDataset Dataset, string PatientFolder, string StudyFolder, string SeriesFolder, string FileName);
}
