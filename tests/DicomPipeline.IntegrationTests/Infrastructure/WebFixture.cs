using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// What the web tests share: a temporary folder with an allowed input root holding a small synthesized corpus, a folder
/// outside that root holding another, and a private Orthanc server. Deleted at the end. Fails, never skips, when Orthanc
/// cannot start.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private OrthancServer? _orthanc;

    /// <summary>The temporary folder everything is under.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dicompipeline-web-it-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The allowed input root.</summary>
    public string AllowedRoot => Path.Combine(Root, "allowed");

    /// <summary>The corpus inside the allowed root.</summary>
    public string CorpusDirectory => Path.Combine(AllowedRoot, "corpus");

    /// <summary>A folder outside the allowed root, with DICOM files in it.</summary>
    public string OutsideDirectory => Path.Combine(Root, "outside");

    /// <summary>What the synthesizer planted in the corpus inside the root.</summary>
    public SynthesisResult Corpus { get; private set; } = null!;

    /// <summary>The shared Orthanc server (tests that delete everything start their own).</summary>
    public OrthancServer Orthanc => _orthanc ?? throw new InvalidOperationException("The web fixture is not started.");

    /// <summary>The API key every app of the web tests is configured with (<c>DicomPipeline:Web:ApiKey</c>).</summary>
    public const string ApiKey = "web-tests-api-key-5f0c1d2e3b4a";

    /// <summary>The options of the corpus: three patients, one study each, twelve small images.</summary>
    public static SynthesisOptions CorpusOptions => new()
    {
        Patients = 3,
        StudiesPerPatient = 1,
        SeriesPerStudy = 2,
        InstancesPerSeries = 2,
        Rows = 16,
        Columns = 16,
        Seed = 7,
    };

    /// <summary>A new empty folder for a test's output.</summary>
    public string NewFolder(string name)
    {
        var folder = Path.Combine(Root, "work", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// The settings of an app that may read <see cref="AllowedRoot"/>, writes to a new folder under <see cref="Root"/>
    /// and talks to <paramref name="orthanc"/> (the shared server when null).
    /// </summary>
    public Dictionary<string, string?> Settings(OrthancServer? orthanc = null)
    {
        var server = orthanc ?? Orthanc;
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DicomPipeline:AllowedInputRoots:0"] = AllowedRoot,
            ["DicomPipeline:Web:ApiKey"] = ApiKey,
            ["DicomPipeline:Web:WorkDirectory"] = NewFolder("private"),
            ["DicomPipeline:Output:Directory"] = NewFolder("output"),
            ["DicomPipeline:Web:JobDatabase"] = Path.Combine(NewFolder("jobs"), "jobs.db"),
            ["DicomPipeline:Anonymization:Secret"] = "web-tests-secret-0123456789abcdef",
            ["DicomPipeline:Orthanc:BaseUrl"] = server.BaseUrl,
            ["DicomPipeline:Orthanc:Username"] = OrthancServer.Username,
            ["DicomPipeline:Orthanc:Password"] = server.Password,
            ["DicomPipeline:Orthanc:MaxRetryAttempts"] = "1",
            ["DicomPipeline:Orthanc:RetryDelay"] = "00:00:00.050",
        };
    }

    /// <summary>The settings of <see cref="Settings"/> with an Orthanc address nothing answers on, tried once.</summary>
    public Dictionary<string, string?> SettingsWithOrthancDown()
    {
        var settings = Settings();
        settings["DicomPipeline:Orthanc:BaseUrl"] = "http://127.0.0.1:9";
        settings["DicomPipeline:Orthanc:MaxRetryAttempts"] = "0";
        return settings;
    }

    /// <summary>A CSV giving each patient of the corpus a trial identity <c>TRIAL-00n</c>.</summary>
    public string TrialCsv() =>
        "OriginalPatientID,PatientID,PatientName\n"
        + string.Concat(Corpus.PatientIds.Select((id, i) => $"{id},TRIAL-{i + 1:000},Trial^{i + 1}\n"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(AllowedRoot);
        Corpus = await new DicomCorpusSynthesizer(CorpusOptions).WriteAsync(CorpusDirectory);
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8, Seed = 8 })
            .WriteAsync(OutsideDirectory);
        _orthanc = await OrthancServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_orthanc is not null)
        {
            await _orthanc.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
