using System.Diagnostics;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// The gateway when a sender or the disk fails: a storescu killed in the middle of a large instance leaves nothing
/// partial in the spool and the instances sent afterwards are processed; a spool on a full disk answers A700H (Out of
/// Resources), which the sender sees, and keeps only whole instances.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ListenFailureTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("dicompipeline-listen-failure-").FullName;
    private OrthancDestinationServerFixture? _orthanc;

    public async Task InitializeAsync() => _orthanc = await OrthancDestinationServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _orthanc!.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Storescu_KilledInTheMiddleOfAnInstance_NoPartialInstanceAndTheRestProcessed()
    {
        // One instance of 32 MB: caught with under a megabyte in the spool, far more than the socket buffers hold is still to come.
        var big = Path.Combine(_work, "big");
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 4096, Columns = 4096, Seed = 7 }).WriteAsync(big);

        // 32 MB cross the loopback in a few hundred milliseconds: a CI host that stalls this test for longer lets
        // storescu finish before it is killed. Then the attempt is made again on a fresh gateway (the finished instance
        // must not reach Orthanc), up to three times.
        var gateway = await GatewayUnderTest.StartAsync(_orthanc!.DicomUri());
        for (var attempt = 1; !await KillInTransferAsync(gateway, big); attempt++)
        {
            await gateway.DisposeAsync();
            attempt.Should().BeLessThan(3, "storescu must be killed while the instance is in transfer, not after");
            gateway = await GatewayUnderTest.StartAsync(_orthanc.DicomUri());
        }

        await using var owned = gateway;
        var incoming = Incoming(gateway);
        for (var i = 0; i < 100 && Directory.EnumerateFiles(incoming).Any(); i++)
        {
            await Task.Delay(50);
        }

        Directory.EnumerateFiles(incoming).Should().BeEmpty("the half-received instance is dropped");
        Directory.EnumerateFileSystemEntries(gateway.SpoolStudies).Should().BeEmpty("nothing partial is committed");

        var rest = await gateway.StorescuAsync("MODALITY", _orthanc.Folder);

        rest.ExitCode.Should().Be(0, rest.ToString());
        await gateway.WaitForStudiesAsync(2);
        await Task.Delay(GatewayUnderTest.LateDuplicateWait);
        gateway.Studies.Should().HaveCount(2).And.OnlyContain(s => s.Result != null && s.Result.Stored == 18);
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
    }

    private static string Incoming(GatewayUnderTest gateway) => Path.Combine(Path.GetDirectoryName(gateway.SpoolStudies)!, "incoming");

    /// <summary>Starts storescu on <paramref name="big"/> and kills it once the instance is partly spooled; false when it finished first.</summary>
    private static async Task<bool> KillInTransferAsync(GatewayUnderTest gateway, string big)
    {
        var incoming = Incoming(gateway);
        using var sender = Process.Start(new ProcessStartInfo(DcmtkTools.Find("storescu"))
        {
            ArgumentList = { "-aet", "KILLED", "-aec", GatewayUnderTest.AeTitle, "+sd", "+r", "127.0.0.1", gateway.PortText, big },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var started = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(incoming).Any(f => new FileInfo(f).Length > 64 * 1024) && started.Elapsed < TimeSpan.FromSeconds(60) && !sender.HasExited)
        {
            await Task.Delay(1);
        }

        if (sender.HasExited)
        {
            return false;
        }

        sender.Kill(); // SIGKILL: no A-ABORT, no release, the connection just closes
        await sender.WaitForExitAsync();
        return true;
    }

    [Fact]
    public async Task SpoolDiskFull_Storescu_SeesOutOfResourcesAndOnlyWholeInstancesKept()
    {
        // About 1.3 MB of images onto a 256 KB disk.
        var images = Path.Combine(_work, "images");
        await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, SeriesPerStudy = 2, InstancesPerSeries = 5, Rows = 128, Columns = 128, Seed = 3 }).WriteAsync(images);
        await using var small = await Tmpfs.TryMountAsync("size=256k");
        small.Should().NotBeNull("the tests run as root, which may mount a tmpfs");
        await using var gateway = await GatewayUnderTest.StartAsync(_orthanc!.DicomUri(), o =>
        {
            o.SpoolDirectory = Path.Combine(small!.Path, "spool");
            o.StableAge = TimeSpan.FromHours(1); // nothing leaves the spool during the test
        });

        // -v: storescu prints each C-STORE-RSP's status.
        var sent = await gateway.StorescuAsync("MODALITY", images, "-v");

        var output = sent.StandardOutput + sent.StandardError;
        output.Should().Contain("Received Store Response (Refused: OutOfResources)", sent.ToString());
        output.Should().NotContain("Abort", "a full disk fails the instance, not the association");
        var kept = Directory.GetFiles(gateway.SpoolStudies, "*.dcm", SearchOption.AllDirectories);
        kept.Length.Should().BeInRange(1, 19, "some instances fit, not all 20");
        foreach (var file in kept)
        {
            var data = (await Dicom.DicomFile.OpenAsync(file)).Dataset;
            data.GetString(Dicom.DicomTag.SOPInstanceUID).Should().Be(Path.GetFileNameWithoutExtension(file));
        }

        Directory.EnumerateFiles(Path.Combine(small!.Path, "spool", "incoming")).Should().BeEmpty();
    }
}
