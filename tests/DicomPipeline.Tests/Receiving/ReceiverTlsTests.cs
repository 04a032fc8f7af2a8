using DicomPipeline.Receiving;

namespace DicomPipeline.Tests.Receiving;

public sealed class ReceiverTlsTests
{
    [Fact]
    public void Load_NoTlsSettings_NullPlainDicom() =>
        ReceiverTls.Load(new DicomReceiverOptions()).Should().BeNull();

    [Fact]
    public void Load_CertificateWithoutKey_OneLineNamingBoth()
    {
        var act = () => ReceiverTls.Load(new DicomReceiverOptions { TlsCertificate = "gateway.crt" });

        act.Should().Throw<ArgumentException>().WithMessage("TlsCertificate and TlsKey go together*");
    }

    [Fact]
    public void Load_TrustedCallersWithoutTls_RefusedAsCallersAreCheckedOnlyOverTls()
    {
        var act = () => ReceiverTls.Load(new DicomReceiverOptions { TlsTrustedCallerCertificates = "ca.crt" });

        act.Should().Throw<ArgumentException>().WithMessage("TlsTrustedCallerCertificates needs TlsCertificate and TlsKey*");
    }

    [Fact]
    public void Load_MissingCertificateFile_NamesTheSettingAndPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".crt");

        var act = () => ReceiverTls.Load(new DicomReceiverOptions { TlsCertificate = missing, TlsKey = missing + ".key" });

        act.Should().Throw<ArgumentException>().WithMessage($"TlsCertificate: the file '{missing}' does not exist.*");
    }
}
