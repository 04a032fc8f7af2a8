using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DicomPipeline.Networking;

namespace DicomPipeline.Receiving;

/// <summary>
/// The TLS side of the gateway (PS3.15 Annex B.1, as the accepting node): the handshake as a server with this side's
/// certificate, TLS 1.2 and 1.3 as the operating system allows (BCP 195), and, when authorities are given, a caller's
/// certificate required and checked against them (mutual authentication). A caller that does not speak TLS, offers no
/// acceptable certificate or fails the handshake is closed before any DICOM is read, with one line saying why.
/// </summary>
internal sealed class ReceiverTls
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection? _callerAuthorities;

    private ReceiverTls(X509Certificate2 certificate, X509Certificate2Collection? callerAuthorities)
    {
        _certificate = certificate;
        _callerAuthorities = callerAuthorities;
    }

    /// <summary>Reads the PEM files the options name; null when TLS is not configured.</summary>
    /// <exception cref="ArgumentException">A file is missing, unreadable, or the certificate and key do not go together.</exception>
    public static ReceiverTls? Load(DicomReceiverOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificate) && string.IsNullOrEmpty(options.TlsKey))
        {
            return string.IsNullOrEmpty(options.TlsTrustedCallerCertificates)
                ? null
                : throw new ArgumentException("TlsTrustedCallerCertificates needs TlsCertificate and TlsKey: callers are checked only over TLS.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.TlsCertificate) || string.IsNullOrEmpty(options.TlsKey))
        {
            throw new ArgumentException("TlsCertificate and TlsKey go together: set both or neither.", nameof(options));
        }

        var certificate = Read(nameof(options.TlsCertificate), options.TlsCertificate, path => X509Certificate2.CreateFromPemFile(path, options.TlsKey));
        X509Certificate2Collection? authorities = null;
        if (!string.IsNullOrEmpty(options.TlsTrustedCallerCertificates))
        {
            authorities = Read(nameof(options.TlsTrustedCallerCertificates), options.TlsTrustedCallerCertificates, path =>
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(path);
                return collection;
            });
            if (authorities.Count == 0)
            {
                throw new ArgumentException($"TlsTrustedCallerCertificates: '{options.TlsTrustedCallerCertificates}' holds no PEM certificate.", nameof(options));
            }
        }

        // On Linux a certificate made from PEM must be re-imported before SslStream can use its key as a server.
        var usable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        certificate.Dispose();
        return new ReceiverTls(usable, authorities);
    }

    /// <summary>Runs the server handshake on <paramref name="connection"/> within <paramref name="timeout"/>; the stream returned owns it.</summary>
    /// <exception cref="DicomNetworkException">The handshake failed: one line, naming the caller's address and no secret.</exception>
    public async Task<SslStream> AuthenticateAsync(Stream connection, string peer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? refusal = null;
        var ssl = new SslStream(connection, leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = _certificate,
            ClientCertificateRequired = _callerAuthorities is not null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = _callerAuthorities is null ? null : (_, certificate, chain, errors) => (refusal = CheckCaller(certificate, chain)) is null,
        };
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(options, bounded.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            var reason = refusal ?? ex switch
            {
                OperationCanceledException => $"no TLS handshake within {AssociationConnection.Seconds(timeout)}",
                AuthenticationException when Innermost(ex).Contains("wrong version number", StringComparison.OrdinalIgnoreCase)
                    || Innermost(ex).Contains("http request", StringComparison.OrdinalIgnoreCase)
                    || Innermost(ex).Contains("unknown protocol", StringComparison.OrdinalIgnoreCase) => "the caller does not speak TLS (plain DICOM on a TLS port?)",
                AuthenticationException => "the handshake failed (" + Innermost(ex) + ")",
                _ => "the caller closed the connection during the handshake (it may not speak TLS, or not trust this side's certificate)",
            };
            throw new DicomNetworkException($"TLS with {peer} failed: {reason}.", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Null when the caller's certificate chains to the trusted authorities, else why not.</summary>
    private string? CheckCaller(X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null)
        {
            return "the caller sent no certificate, and one chaining to TlsTrustedCallerCertificates is required";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_callerAuthorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (chain.Build(leaf))
        {
            return null;
        }

        var statuses = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal));
        return chain.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.NotTimeValid)
            ? $"the caller's certificate is out of date (valid {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC)"
            : $"the caller's certificate does not chain to TlsTrustedCallerCertificates ({statuses})";
    }

    private static T Read<T>(string setting, string path, Func<string, T> read)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{setting}: the file '{path}' does not exist.", nameof(path));
        }

        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The exception's own text may quote the file; the setting and the path are enough to find it.
            throw new ArgumentException($"{setting}: '{path}' cannot be read as PEM ({ex.GetType().Name}; a key must be unencrypted and match its certificate).", nameof(path), ex);
        }
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }
}
