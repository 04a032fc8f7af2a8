using System.Diagnostics;
using DicomPipeline.IntegrationTests.Destinations;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;

namespace DicomPipeline.IntegrationTests.Receiving;

/// <summary>
/// The <c>listen</c> verb as a user meets it: every association option in its help, a malformed <c>--tls</c> refused in
/// one line, and the console process taking DCMTK's echoscu over TLS from the files given on the command line.
/// </summary>
public sealed class ListenCommandTests
{
    [Fact]
    public async Task Help_ListsEveryAssociationOption()
    {
        var result = await ConsoleCli.RunAsync(["listen", "--help"]);

        result.ExitCode.Should().Be(0, result.ToString());
        foreach (var option in (string[])["--max-associations", "--allow-calling-ae", "--stable-age", "--association-timeout", "--dimse-timeout", "--max-pdu", "--tls", "--tls-trusted-callers"])
        {
            result.StandardOutput.Should().Contain(option);
        }
    }

    [Fact]
    public async Task Tls_OneFileOnly_OneLineErrorBeforeListening()
    {
        var result = await ConsoleCli.RunAsync(["listen", "--port", "0", "--tls", "gateway.crt"]);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("--tls takes CERT,KEY");
        result.StandardOutput.Should().NotContain("Listening");
    }

    [Fact]
    public async Task ListenProcess_TlsWithTrustedCallers_EchoscuOverTlsSucceedsAndPlainEchoscuRefused()
    {
        using var certificates = TestCertificates.Create();
        var port = GatewayUnderTest.FreePort();
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var listen = await ConsoleCli.StartAsync(
        [
            "listen", "--ae-title", "GATEWAY", "--port", portText, "--spool", Path.Combine(certificates.Folder, "spool"), "--output", Path.Combine(certificates.Folder, "out"),
            "--tls", $"{certificates.ServerCertificate},{certificates.ServerKey}", "--tls-trusted-callers", certificates.CaCertificate,
        ]);
        try
        {
            (await listen.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))).Should().StartWith("Listening as GATEWAY");
            for (var i = 0; i < 200 && !await GatewayUnderTest.AcceptsAsync(port); i++)
            {
                await Task.Delay(50);
            }

            var tls = await ProcessRunner.RunAsync(DcmtkTools.Find("echoscu"), ["-aec", "GATEWAY", "+tls", certificates.ClientKey, certificates.ClientCertificate, "-pw", "+cf", certificates.CaCertificate, "127.0.0.1", portText]);
            var plain = await ProcessRunner.RunAsync(DcmtkTools.Find("echoscu"), ["-aec", "GATEWAY", "127.0.0.1", portText]);

            tls.ExitCode.Should().Be(0, tls.ToString());
            plain.ExitCode.Should().NotBe(0, plain.ToString());
        }
        finally
        {
            KillAndWait(listen);
        }
    }

    private static void KillAndWait(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }
}
