using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>The console's <c>echo URI</c> verb against real servers: one line, and the exit code says whether it answered.</summary>
public sealed class EchoCommandTests
{
    [Fact]
    public async Task Echo_Storescp_OneLineAndExitZero()
    {
        await using var storescp = await StorescpServer.StartAsync();

        var result = await ConsoleCli.RunAsync(["echo", storescp.Uri]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Trim().Should().StartWith($"C-ECHO to {storescp.Uri} succeeded");
    }

    [Fact]
    public async Task Echo_StorescpOverMutualTls_FilesFromTheEnvironment_OneLineAndExitZero()
    {
        using var certificates = TestCertificates.Create();
        await using var storescp = await StorescpServer.StartTlsAsync(certificates);
        var tls = new Dictionary<string, string>
        {
            ["DicomPipeline__Destinations__0__TlsTrustedCertificates"] = certificates.CaCertificate,
            ["DicomPipeline__Destinations__0__TlsClientCertificate"] = certificates.ClientCertificate,
            ["DicomPipeline__Destinations__0__TlsClientKey"] = certificates.ClientKey,
        };

        var trusted = await ConsoleCli.RunAsync(["echo", storescp.TlsUri], tls);
        var plain = await ConsoleCli.RunAsync(["echo", storescp.TlsUri]);

        trusted.ExitCode.Should().Be(0, trusted.ToString());
        trusted.StandardOutput.Trim().Should().StartWith($"C-ECHO to {storescp.TlsUri} succeeded");
        plain.ExitCode.Should().Be(1, "the machine's roots do not hold the test authority");
        plain.StandardError.Trim().Should().Contain("not trusted by this machine's roots").And.NotContain("\n");
    }

    [Fact]
    public async Task Echo_TlsFilesForAPlainDicomAddress_TheValidatorsLineAlone()
    {
        var result = await ConsoleCli.RunAsync(
            ["echo", "dicom://PACS@127.0.0.1:1"],
            new Dictionary<string, string> { ["DicomPipeline__Destinations__0__TlsTrustedCertificates"] = "/nonexistent/ca.pem" });

        result.ExitCode.Should().Be(1);
        result.StandardError.Trim().Should().Be("error: dicom://PACS@127.0.0.1:1: the Tls settings are for dicom+tls:// destinations only.");
    }

    [Fact]
    public async Task Echo_WrongCalledAeAtOrthanc_OneErrorLineAndExitOne()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();

        var result = await ConsoleCli.RunAsync(["echo", orthanc.DicomUri("NOTORTHANC")]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle()
            .Which.Should().Contain("rejected the association with called AE 'NOTORTHANC'").And.Contain("called AE title not recognized");
    }

    [Fact]
    public async Task Echo_DicomWebAndOrthancRest_BothAnswer()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();
        var credentials = new Dictionary<string, string>
        {
            ["DicomPipeline__Destinations__0__Username"] = Infrastructure.OrthancServer.Username,
            ["DicomPipeline__Destinations__0__Password"] = orthanc.Server.Password,
        };

        var dicomWeb = await ConsoleCli.RunAsync(["echo", orthanc.DicomWebUri], credentials);
        var rest = await ConsoleCli.RunAsync(["echo", $"orthanc+http://127.0.0.1:{orthanc.Server.HttpPort}"], credentials);

        dicomWeb.ExitCode.Should().Be(0, dicomWeb.ToString());
        dicomWeb.StandardOutput.Should().Contain("QIDO-RS at dicomweb+http://127.0.0.1");
        rest.ExitCode.Should().Be(0, rest.ToString());
        rest.StandardOutput.Should().Contain("is Orthanc 1.").And.Contain("AE ORTHANC");
    }

    [Fact]
    public async Task Echo_NothingListening_OneErrorLine()
    {
        var result = await ConsoleCli.RunAsync(["echo", "dicom://NOBODY@127.0.0.1:1", "--timeout", "2"]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardError.Trim().Should().StartWith("error: Cannot reach NOBODY@127.0.0.1:1").And.NotContain("\n");
    }

    [Fact]
    public async Task Echo_OrthancNothingListening_OneErrorLineFromTheLibrarysDestination()
    {
        var result = await ConsoleCli.RunAsync(["echo", "orthanc+http://127.0.0.1:1"]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.StandardError.Trim().Should().StartWith("error: Orthanc is not reachable at http://127.0.0.1:1 (GET /system").And.NotContain("\n");
    }
}
