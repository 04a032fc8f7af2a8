using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DicomPipeline.Networking;

/// <summary>
/// The TLS side of an association (PS3.15 Annex B.1, secure transport connection profiles): the handshake as a client,
/// with the TLS versions and cipher suites the operating system allows (TLS 1.2 and 1.3 with OpenSSL 3, what BCP 195
/// asks), this side's certificate when the peer requires one, and the peer's certificate checked against the given
/// authorities, or the machine's roots, and against the host name or address dialled.
/// </summary>
/// <param name="trusted">The certificates the peer's must chain to; null for the machine's trusted roots.</param>
/// <param name="clientCertificate">This side's certificate, with its private key; null to send none.</param>
internal sealed class DicomTls(X509Certificate2Collection? trusted, X509Certificate2? clientCertificate)
{
    /// <summary>What a peer that hangs up right after the handshake most likely did not like.</summary>
    public string ClientCertificateHint => clientCertificate is null
        ? "it may require a client certificate (TlsClientCertificate and TlsClientKey)"
        : "it may not trust this side's certificate (TlsClientCertificate)";

    /// <summary>Runs the handshake on <paramref name="connection"/> within the connect timeout; the stream returned owns it.</summary>
    /// <exception cref="DicomNetworkException">The handshake failed: one line saying why, naming no secret.</exception>
    public async Task<SslStream> AuthenticateAsync(Stream connection, AssociationSettings settings, CancellationToken cancellationToken)
    {
        string? refusal = null;
        var ssl = new SslStream(connection, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = settings.Host,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => (refusal = Check(certificate, chain, errors, settings.Host)) is null,
        };
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(settings.ConnectTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, bounded.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var reason = refusal ?? ex switch
            {
                OperationCanceledException => $"no TLS handshake within {settings.ConnectTimeout.TotalSeconds:0.#} s",
                AuthenticationException => "the peer refused the handshake (" + Innermost(ex) + ")",
                _ => "the peer closed the connection during the handshake: it may not speak TLS on this port, or may require a client certificate",
            };
            throw new DicomNetworkException($"TLS with {settings.Display} failed: {reason}.", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Null when the peer's certificate is acceptable, else why not.</summary>
    private string? Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, string host)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the peer sent no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the peer's certificate does not name {host}";
        }

        if (trusted is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                ? null
                : OutOfDate(presented, certificate) ?? $"the peer's certificate is not trusted by this machine's roots ({Statuses(presented)}); give the site's authority in TlsTrustedCertificates";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf) ? null : OutOfDate(chain, certificate) ?? $"the peer's certificate is not trusted: it does not chain to TlsTrustedCertificates ({Statuses(chain)})";
    }

    /// <summary>
    /// Says "expired" (or "not yet valid") when that is why the chain failed: the commonest fault at a site, and one a
    /// person fixes differently from a missing authority.
    /// </summary>
    private static string? OutOfDate(X509Chain? chain, X509Certificate certificate)
    {
        if (chain is null || !chain.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.NotTimeValid))
        {
            return null;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var now = DateTime.Now;
        return leaf.NotAfter < now
            ? $"the peer's certificate expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
            : leaf.NotBefore > now
                ? $"the peer's certificate is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
                : "a certificate in the peer's chain has expired or is not yet valid";
    }

    private static string Statuses(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal));

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }
}
