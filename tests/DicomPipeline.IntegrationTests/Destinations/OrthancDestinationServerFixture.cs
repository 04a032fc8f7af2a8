using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Orthanc;
using DicomPipeline.Storage;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// An Orthanc for the destination tests: its DICOM port checks the called AE title (<c>DicomCheckCalledAet</c>, AE
/// <see cref="AeTitle"/>), and Debian's DICOMweb plugin serves STOW-RS and QIDO-RS under <c>/dicom-web/</c>; with a
/// synthesized 36-instance folder (2 patients, 2 series of 9 each) to send to it. Each test starts its own server, as
/// each counts what landed.
/// </summary>
public sealed class OrthancDestinationServerFixture : IAsyncDisposable
{
    public const string AeTitle = "ORTHANC";

    /// <summary>Where Debian's orthanc-dicomweb package puts the plugin.</summary>
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private OrthancServer? _server;
    private OrthancConnection? _connection;

    private OrthancDestinationServerFixture(string folder) => Folder = folder;

    public OrthancServer Server => _server!;

    /// <summary>The 36 instances.</summary>
    public IReadOnlyList<StoredInstance> Instances { get; private set; } = [];

    public string Folder { get; }

    public string DicomUri(string aeTitle = AeTitle) => $"dicom://{aeTitle}@127.0.0.1:{Server.DicomPort}";

    public string DicomWebUri => $"dicomweb+http://127.0.0.1:{Server.HttpPort}/dicom-web";

    public static async Task<OrthancDestinationServerFixture> StartAsync()
    {
        if (!File.Exists(DicomWebPlugin))
        {
            throw new InvalidOperationException($"{DicomWebPlugin} is missing: install Debian's orthanc-dicomweb package (.ci/run does).");
        }

        var fixture = new OrthancDestinationServerFixture(Path.Combine(Path.GetTempPath(), "dicompipeline-destinations-" + Guid.NewGuid().ToString("N")[..12]));
        fixture._server = await OrthancServer.StartAsync(new Dictionary<string, object>
        {
            ["DicomAet"] = AeTitle,
            ["DicomCheckCalledAet"] = true,
            ["Plugins"] = new[] { DicomWebPlugin },
        });
        fixture._connection = OrthancConnection.Create(fixture.Server.ClientOptions());
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions
        {
            Patients = 2,
            StudiesPerPatient = 1,
            SeriesPerStudy = 2,
            InstancesPerSeries = 9,
            Rows = 32,
            Columns = 32,
            Seed = 36,
        }).WriteAsync(fixture.Folder);
        var instances = new List<StoredInstance>();
        foreach (var path in corpus.Files)
        {
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { StopBeforePixelData = true });
            var data = file.Dataset;
            instances.Add(new StoredInstance(
                Path.GetRelativePath(fixture.Folder, path), path, data.GetString(DicomTag.PatientID)!, data.GetString(DicomTag.StudyInstanceUID)!,
                data.GetString(DicomTag.SeriesInstanceUID)!, data.GetString(DicomTag.SOPInstanceUID)!, null));
        }

        fixture.Instances = instances;
        return fixture;
    }

    /// <summary>How many instances Orthanc holds.</summary>
    public async Task<long> CountInstancesAsync() => (await _connection!.Client.GetStatisticsAsync()).CountInstances;

    /// <summary>The Patient IDs of the patients Orthanc holds (<c>GET /patients?expand</c>).</summary>
    public async Task<IReadOnlyList<string>> PatientIdsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{OrthancServer.Username}:{Server.Password}")));
        using var patients = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/patients?expand"));
        return [.. patients.RootElement.EnumerateArray().Select(p => p.GetProperty("MainDicomTags").GetProperty("PatientID").GetString() ?? string.Empty)];
    }

    public async ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
