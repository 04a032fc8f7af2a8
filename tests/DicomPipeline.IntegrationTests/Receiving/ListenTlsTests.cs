using DicomPipeline.Destinations;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// The gateway speaking TLS (its certificate signed by a site authority, callers' certificates required to chain to it):
/// DCMTK's storescu with <c>+tls</c> and this project's own <c>dicom+tls://</c> destination deliver; a caller without a
/// certificate, and one speaking plain DICOM to the TLS port, are refused before anything is received, and the gateway
/// goes on serving.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ListenTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private OrthancDestinationServerFixture? _orthanc;
    private GatewayUnderTest? _gateway;

    public async Task InitializeAsync()
    {
        _orthanc = await OrthancDestinationServerFixture.StartAsync();
        _gateway = await GatewayUnderTest.StartAsync(_orthanc.DicomUri(), o =>
        {
            o.TlsCertificate = _certificates.ServerCertificate;
            o.TlsKey = _certificates.ServerKey;
            o.TlsTrustedCallerCertificates = _certificates.CaCertificate;
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _orthanc!.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task StorescuTls_MutualAuthentication_EveryInstanceOnceAtOrthanc()
    {
        var sent = await _gateway!.StorescuAsync("MODALITY", _orthanc!.Folder, "+tls", _certificates.ClientKey, _certificates.ClientCertificate, "-pw", "+cf", _certificates.CaCertificate);

        sent.ExitCode.Should().Be(0, sent.ToString());
        await _gateway.WaitForStudiesAsync(2);
        _gateway.Studies.Should().HaveCount(2).And.OnlyContain(s => s.Result != null && s.Result.Stored == 18);
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task DicomTlsDestination_EchoAndSend_EveryInstanceOnceAtOrthanc()
    {
        var destination = new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = $"dicom+tls://{GatewayUnderTest.AeTitle}@127.0.0.1:{_gateway!.Port}",
            TlsTrustedCertificates = _certificates.CaCertificate,
            TlsClientCertificate = _certificates.ClientCertificate,
            TlsClientKey = _certificates.ClientKey,
        });

        var echo = await destination.EchoAsync();
        var outcomes = await destination.SendAsync(_orthanc!.Instances);

        echo.Success.Should().BeTrue(echo.Message);
        outcomes.Should().HaveCount(36).And.OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        await _gateway.WaitForStudiesAsync(2);
        (await _orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task StorescuTlsWithoutCertificate_RefusedNothingReceived_AndTheNextCallerServed()
    {
        var refused = await _gateway!.StorescuAsync("MODALITY", _orthanc!.Folder, "+tla", "+cf", _certificates.CaCertificate);

        refused.ExitCode.Should().NotBe(0, refused.ToString());
        Directory.EnumerateFileSystemEntries(_gateway.SpoolStudies).Should().BeEmpty();
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task PlainStorescu_OnTheTlsPort_RefusedNothingReceived_AndTheNextCallerServed()
    {
        var refused = await _gateway!.StorescuAsync("MODALITY", _orthanc!.Folder);

        refused.ExitCode.Should().NotBe(0, refused.ToString());
        Directory.EnumerateFileSystemEntries(_gateway.SpoolStudies).Should().BeEmpty();
        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        var echo = await ProcessRunner.RunAsync(DcmtkTools.Find("echoscu"), ["-aec", GatewayUnderTest.AeTitle, "+tls", _certificates.ClientKey, _certificates.ClientCertificate, "-pw", "+cf", _certificates.CaCertificate, "127.0.0.1", _gateway!.PortText]);
        echo.ExitCode.Should().Be(0, echo.ToString());
    }
}
