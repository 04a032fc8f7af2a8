using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DicomPipeline.Networking;

namespace DicomPipeline.Destinations;

/// <summary>The PEM files a <c>dicom+tls://</c> destination names, checked at start and read into a <see cref="DicomTls"/>.</summary>
internal static class DicomTlsFiles
{
    /// <summary>The first problem with the TLS files of <paramref name="options"/>, or null. Never shows a key.</summary>
    public static string? Check(DestinationOptions options)
    {
        try
        {
            Load(options);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Reads the trusted certificates and this side's certificate and key.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or holds no PEM of the kind expected.</exception>
    public static DicomTls Load(DestinationOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsClientCertificate) != string.IsNullOrEmpty(options.TlsClientKey))
        {
            throw new InvalidDataException("TlsClientCertificate and TlsClientKey go together: set both or neither.");
        }

        X509Certificate2Collection? trusted = null;
        if (!string.IsNullOrEmpty(options.TlsTrustedCertificates))
        {
            trusted = [];
            Read(nameof(options.TlsTrustedCertificates), options.TlsTrustedCertificates, path => trusted.ImportFromPemFile(path));
            if (trusted.Count == 0)
            {
                throw new InvalidDataException($"TlsTrustedCertificates: '{options.TlsTrustedCertificates}' holds no PEM certificate.");
            }
        }

        X509Certificate2? client = null;
        if (!string.IsNullOrEmpty(options.TlsClientCertificate))
        {
            RequireFile(nameof(options.TlsClientKey), options.TlsClientKey!);
            Read(nameof(options.TlsClientCertificate), options.TlsClientCertificate, path => client = X509Certificate2.CreateFromPemFile(path, options.TlsClientKey));
        }

        return new DicomTls(trusted, client);
    }

    private static void RequireFile(string setting, string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{setting}: the file '{path}' does not exist.");
        }
    }

    private static void Read(string setting, string path, Action<string> read)
    {
        RequireFile(setting, path);
        try
        {
            read(path);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The exception's own text may quote the file; the setting and the path are enough to find it.
            throw new InvalidDataException($"{setting}: '{path}' cannot be read as PEM ({ex.GetType().Name}; a key must be unencrypted and match its certificate).", ex);
        }
    }
}
