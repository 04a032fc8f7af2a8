using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// The canary test: the synthesized corpus (identifying values planted at every level) goes through every failure path
/// with logging at Trace; no planted value may appear in any log entry or any exception message. The input folders and
/// files are named after the patients, as real exports often are, so a path written into a log entry is caught too.
/// </summary>
public sealed class LogCanaryTests : IDisposable
{
    private const string Secret = "canary-secret-9f3c1a7e5b2d4068-8e2b6d0c4a";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("robustness-canary-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    [Fact]
    public async Task Pipeline_EveryFailurePathAtTrace_NoIdentifyingValueInAnyLogOrExceptionMessage()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, SeriesPerStudy = 1, InstancesPerSeries = 2, Rows = 16, Columns = 16 }).WriteAsync(Input);
        await PlantBadFilesAsync(corpus);
        var pathNames = await NameFoldersAfterPatientsAsync(corpus);
        var logs = new CapturingLoggerProvider();
        var texts = new List<string>();

        // 1. Bad files and a burned-in annotation, de-identified, uploaded to a server that is not there.
        await using (var provider = Services(logs, secret: Secret, orthanc: "http://127.0.0.1:1"))
        {
            var result = await provider.GetRequiredService<IDicomPipeline>().RunAsync(Request("out-1", upload: true));
            result.Skipped.Should().BeGreaterThan(0);
            result.HeldBack.Should().BeGreaterThan(0, "the burned-in annotation is held back");
            result.Report.Destinations.Should().ContainSingle().Which.Error.Should().NotBeNull("the server is unreachable");
            texts.AddRange(result.Report.NotStored.Select(f => f.Reason));
            texts.Add(result.Report.Destinations[0].Error!);
        }

        // 2. A bad CSV whose broken rows carry real identifiers.
        var csv = Path.Combine(_root.FullName, "clinical.csv");
        await File.WriteAllTextAsync(csv, $"OriginalPatientID,PatientID,PatientBirthDate\n{corpus.PatientIds[0]},T1,19700101\n{corpus.PatientIds[0]},T2,{corpus.PatientIds[1]}\n");
        await using (var provider = Services(logs, secret: Secret))
        {
            var error = await Capture(() => provider.GetRequiredService<IDicomPipeline>().RunAsync(Request("out-2", csvPath: csv)));
            error.Should().BeOfType<CsvMergeException>();
            texts.Add(error!.ToString());
        }

        // 3. A missing secret.
        await using (var provider = Services(logs, secret: null))
        {
            var error = await Capture(() => provider.GetRequiredService<IDicomPipeline>().RunAsync(Request("out-3")));
            error.Should().NotBeNull();
            texts.Add(error!.ToString());
        }

        // 4. The reader's own errors on broken copies of the corpus.
        // Their messages name the file by design (the caller needs to know which), so they are scanned without the path.
        foreach (var broken in Directory.GetFiles(Input, "*.dcm", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Contains("-broken-", StringComparison.Ordinal)))
        {
            texts.Add((await Capture(() => DicomFile.OpenAsync(broken)))?.ToString().Replace(broken, "<file>", StringComparison.Ordinal) ?? string.Empty);
        }

        logs.Entries.Should().NotBeEmpty("Trace logging must have captured the run");
        var leaks = (from text in logs.Entries.Concat(texts)
                     from value in corpus.IdentifyingValues.Concat(pathNames)
                     where text.Contains(value, StringComparison.Ordinal)
                     select $"'{value}' in: {text}").Distinct().ToList();
        leaks.Should().BeEmpty();
    }

    /// <summary>
    /// Renames each patient's folder to the patient's name and ID, and each broken or held-back file to start with the
    /// patient's family name; returns those names, which must then appear in no log entry.
    /// </summary>
    private async Task<IReadOnlyList<string>> NameFoldersAfterPatientsAsync(SynthesisResult corpus)
    {
        var names = new List<string>();
        foreach (var folder in Directory.GetDirectories(Input, "p*"))
        {
            var first = Directory.GetFiles(folder, "*.dcm", SearchOption.AllDirectories)[0];
            var dataset = (await DicomFile.OpenAsync(first)).Dataset;
            var name = dataset.GetString(DicomTag.PatientName) ?? throw new InvalidDataException("The corpus has a patient without a name.");
            var family = name.Split('^')[0];
            var folderName = $"{name.Replace('^', ' ')} {dataset.GetString(DicomTag.PatientID)}";
            Directory.Move(folder, Path.Combine(Input, folderName));
            names.Add(folderName);
            names.Add(family);
        }

        var firstPatient = Directory.GetDirectories(Input).Single(d => d.EndsWith(names[0], StringComparison.Ordinal));
        foreach (var planted in new[] { "broken/truncated.dcm", "broken/flipped.dcm", "burned-in.dcm" })
        {
            var kind = Path.GetFileNameWithoutExtension(planted);
            var renamed = Path.Combine(firstPatient, $"{names[1]}-{(planted.StartsWith("broken", StringComparison.Ordinal) ? "broken-" : string.Empty)}{kind}.dcm");
            File.Move(Path.Combine(Input, planted), renamed);
        }

        Directory.Delete(Path.Combine(Input, "broken"));
        names.Should().OnlyContain(n => n.Length >= 3, "a canary must be long enough not to match by chance");
        return names;
    }

    private async Task PlantBadFilesAsync(SynthesisResult corpus)
    {
        var broken = Path.Combine(Input, "broken");
        Directory.CreateDirectory(broken);
        var bytes = await File.ReadAllBytesAsync(corpus.Files[0]);
        await File.WriteAllBytesAsync(Path.Combine(broken, "truncated.dcm"), bytes[..(bytes.Length / 3)]);
        var flipped = (byte[])bytes.Clone();
        for (var i = 200; i < flipped.Length; i += 97)
        {
            flipped[i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(Path.Combine(broken, "flipped.dcm"), flipped);

        var burnedIn = await DicomFile.OpenAsync(corpus.Files[^1]);
        burnedIn.Dataset.SetString(DicomTag.BurnedInAnnotation, "YES");
        // An instance of its own: with the copied file's UID it would be the same instance twice, and only the first of
        // the two in path order goes on (the other is reported as a duplicate, whether or not it is the burned-in one).
        burnedIn.Dataset.SetString(DicomTag.SOPInstanceUID, burnedIn.Dataset.GetString(DicomTag.SOPInstanceUID) + ".9");
        var target = Path.Combine(Input, "burned-in.dcm");
        await burnedIn.SaveAsync(target);
    }

    /// <summary>Orthanc as a destination, at an address where nothing answers.</summary>
    private static readonly DicomPipeline.Destinations.IDicomDestination Unreachable =
        new DicomPipeline.Destinations.DicomDestinationFactory().Create(new DicomPipeline.Destinations.DestinationOptions { Uri = "orthanc+http://127.0.0.1:1", Timeout = TimeSpan.FromSeconds(5) });

    private PipelineRequest Request(string output, bool upload = false, string? csvPath = null) => new()
    {
        InputDirectory = Input,
        OutputDirectory = Path.Combine(_root.FullName, output),
        Anonymize = true,
        Destinations = upload ? [Unreachable] : null,
        CsvPath = csvPath,
    };

    private static ServiceProvider Services(CapturingLoggerProvider logs, string? secret, string? orthanc = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var pipeline = services.AddDicomPipeline(o => o.Anonymization.Secret = secret);
        if (orthanc is not null)
        {
            pipeline.AddOrthanc(o =>
            {
                o.BaseUrl = orthanc;
                o.MaxRetryAttempts = 1;
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.Timeout = TimeSpan.FromSeconds(5);
            });
        }

        return services.BuildServiceProvider();
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
#pragma warning disable CA1031 // Every exception's text is what the test scans.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }
}
