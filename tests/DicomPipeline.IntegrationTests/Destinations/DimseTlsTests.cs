using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Storage;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// <c>dicom+tls://</c> against DCMTK's storescp speaking TLS (PS3.15 Annex B.1, DCMTK's default BCP 195 profile), with
/// certificates made for the test by a throw-away authority: what arrives is what was sent, and every refusal is one line.
/// </summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DimseTlsTests(SynthesizedCorpusFixture corpus) : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task EchoAndSend_MutualTlsTrustingTheSitesAuthority_StorescpReceivesEveryInstance()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates);
        var destination = Destination(server, _certificates.CaCertificate, withClientCertificate: true);
        var instances = await InstancesAsync();

        var echo = await destination.EchoAsync();
        var outcomes = await destination.SendAsync(instances);

        echo.Success.Should().BeTrue(echo.Message);
        echo.Message.Should().Contain($"C-ECHO to {server.TlsUri} succeeded");
        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent, string.Join("; ", outcomes.Select(o => o.Reason)));
        foreach (var instance in instances)
        {
            var received = server.ReceivedFile(instance.SopInstanceUid);
            received.Should().NotBeNull($"storescp should have written {instance.SopInstanceUid}");
            var file = await DicomFile.OpenAsync(received!);
            file.Dataset.GetString(DicomTag.SOPInstanceUID).Should().Be(instance.SopInstanceUid);
        }
    }

    [Fact]
    public async Task Echo_PeerCertificateFromAnAuthorityNotTrusted_FailsInOneLineNamingTheCertificate()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates);

        var echo = await Destination(server, _certificates.OtherCaCertificate, withClientCertificate: true).EchoAsync();

        echo.Success.Should().BeFalse();
        echo.Message.Should().Contain($"STORESCP@127.0.0.1:{server.Port}").And.Contain("certificate").And.Contain("not trusted");
        echo.Message.Should().NotContain("\n").And.NotContain(" at ");
    }

    [Fact]
    public async Task Send_NoClientCertificateToAPeerThatRequiresOne_EveryInstanceRefusedWithTheReason()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates);
        var instances = await InstancesAsync();

        var outcomes = await Destination(server, _certificates.CaCertificate, withClientCertificate: false).SendAsync(instances);

        outcomes.Should().HaveCount(instances.Count).And.OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused);
        outcomes.Should().OnlyContain(o => o.Reason!.Contains("TLS", StringComparison.Ordinal) && o.Reason.Contains("client certificate", StringComparison.Ordinal) && !o.Reason.Contains('\n'));
        Directory.EnumerateFiles(server.Folder).Should().BeEmpty();
    }

    [Fact]
    public async Task Echo_ServerWithoutClientCertificateCheck_SucceedsWithTrustOnly()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates, requireClientCertificate: false);

        var echo = await Destination(server, _certificates.CaCertificate, withClientCertificate: false).EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
    }

    [Fact]
    public async Task Echo_SelfSignedPeerCertificateTrustedItself_Succeeds_AndTheMachinesRootsRefuseIt()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates, requireClientCertificate: false, selfSigned: true);

        var pinned = await Destination(server, _certificates.SelfSignedServerCertificate, withClientCertificate: false).EchoAsync();
        var roots = await new DicomDestinationFactory().Create(new DestinationOptions { Uri = server.TlsUri }).EchoAsync();

        pinned.Success.Should().BeTrue(pinned.Message);
        roots.Success.Should().BeFalse();
        roots.Message.Should().Contain("not trusted by this machine's roots");
    }

    [Fact]
    public async Task Run_DicomTlsDestinationWithItsFilesInConfiguration_EveryStoredFileArrives()
    {
        await using var server = await StorescpServer.StartTlsAsync(_certificates);
        var input = Path.Combine(_certificates.Folder, "in");
        var output = Path.Combine(_certificates.Folder, "out");
        var written = await new DicomPipeline.Testing.DicomCorpusSynthesizer(new DicomPipeline.Testing.SynthesisOptions { Patients = 1, InstancesPerSeries = 3 }).WriteAsync(input);

        var result = await Robustness.ConsoleCli.RunAsync(
            ["run", "--input", input, "--output", output, "--anonymize", "--destination", server.TlsUri],
            new Dictionary<string, string>
            {
                ["DicomPipeline__Destinations__0__Uri"] = server.TlsUri,
                ["DicomPipeline__Destinations__0__TlsTrustedCertificates"] = _certificates.CaCertificate,
                ["DicomPipeline__Destinations__0__TlsClientCertificate"] = _certificates.ClientCertificate,
                ["DicomPipeline__Destinations__0__TlsClientKey"] = _certificates.ClientKey,
            });

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain($"{server.TlsUri}: {written.Files.Count} sent");
        Directory.EnumerateFiles(server.Folder).Should().HaveCount(written.Files.Count);
    }

    private IDicomDestination Destination(StorescpServer server, string trusted, bool withClientCertificate) =>
        new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = server.TlsUri,
            TlsTrustedCertificates = trusted,
            TlsClientCertificate = withClientCertificate ? _certificates.ClientCertificate : null,
            TlsClientKey = withClientCertificate ? _certificates.ClientKey : null,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

    private Task<IReadOnlyList<StoredInstance>> InstancesAsync() => StoredInstances.FromFilesAsync(corpus.Corpus("explicit").Files);
}
