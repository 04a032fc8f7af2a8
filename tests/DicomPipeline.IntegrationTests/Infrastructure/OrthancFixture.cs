namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// One Orthanc server shared by the tests of the <see cref="OrthancTestsDefinition"/> collection. Tests that need a
/// server to themselves (delete-all, restart) start their own with <see cref="OrthancServer.StartAsync"/>. Starting
/// fails, and with it every test of the collection, when Orthanc cannot be started: these tests never skip.
/// </summary>
public sealed class OrthancFixture : IAsyncLifetime
{
    private OrthancServer? _server;

    /// <summary>The shared server.</summary>
    public OrthancServer Server => _server ?? throw new InvalidOperationException("The Orthanc fixture is not started.");

    /// <summary>A new empty folder for a test's files, deleted with the server.</summary>
    public string NewFolder(string name)
    {
        var folder = Path.Combine(Server.Root, "work", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async Task InitializeAsync() => _server = await OrthancServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
