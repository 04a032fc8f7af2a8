using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// A throw-away certificate authority and two certificates it signs, written as PEM files into a temporary folder: one
/// for a server on 127.0.0.1 and one for a client (this side), as a site would issue them for DICOM TLS.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaCertificate => Path.Combine(Folder, "ca.crt");

    public string ServerCertificate => Path.Combine(Folder, "server.crt");

    public string ServerKey => Path.Combine(Folder, "server.key");

    public string ClientCertificate => Path.Combine(Folder, "client.crt");

    public string ClientKey => Path.Combine(Folder, "client.key");

    /// <summary>A server certificate signed by itself (no authority), for a client that trusts exactly it.</summary>
    public string SelfSignedServerCertificate => Path.Combine(Folder, "self-signed.crt");

    public string SelfSignedServerKey => Path.Combine(Folder, "self-signed.key");

    /// <summary>A second, unrelated authority: what a client that trusts only it must refuse.</summary>
    public string OtherCaCertificate => Path.Combine(Folder, "other-ca.crt");

    public static TestCertificates Create()
    {
        var folder = Directory.CreateTempSubdirectory("dicompipeline-tls-").FullName;
        var certificates = new TestCertificates(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        using var ca = SelfSignedAuthority("CN=DicomPipeline Test CA", caKey, now);
        using var otherKey = RSA.Create(2048);
        using var other = SelfSignedAuthority("CN=Some Other CA", otherKey, now);
        File.WriteAllText(certificates.CaCertificate, ca.ExportCertificatePem());
        File.WriteAllText(certificates.OtherCaCertificate, other.ExportCertificatePem());
        Issue(ca, "CN=localhost", serverAuth: true, certificates.ServerCertificate, certificates.ServerKey, now);
        Issue(ca, "CN=DICOMPIPELINE", serverAuth: false, certificates.ClientCertificate, certificates.ClientKey, now);
        Issue(null, "CN=localhost", serverAuth: true, certificates.SelfSignedServerCertificate, certificates.SelfSignedServerKey, now);
        return certificates;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 SelfSignedAuthority(string subject, RSA key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }

    private static void Issue(X509Certificate2? ca, string subject, bool serverAuth, string certificatePath, string keyPath, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (ca is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        }
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = ca is null
            ? request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7))
            : request.Create(ca, now.AddDays(-1), now.AddDays(7), serial);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
