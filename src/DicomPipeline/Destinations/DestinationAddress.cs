using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DicomPipeline.Destinations;

/// <summary>A destination URI taken apart: the protocol, where the peer is, the credentials written into it, and how to show it.</summary>
internal sealed record DestinationAddress(
    DestinationProtocol Protocol,
    string Host,
    int Port,
    Uri? HttpBase,
    string? CalledAeTitle,
    string? Username,
    string? Password,
    string DisplayName,
    bool Tls = false)
{
    /// <summary>The port registered for DICOM (PS3.8 Annex G), used when a <c>dicom://</c> address names none.</summary>
    public const int DefaultDicomPort = 104;

    /// <summary>The port registered for DICOM over TLS (PS3.15 Annex B.1; IANA "dicom-tls"), used when a <c>dicom+tls://</c> address names none.</summary>
    public const int DefaultDicomTlsPort = 2762;

    /// <summary>AE titles are at most 16 characters of the default repertoire, no backslash or control characters (PS3.5 Table 6.2-1).</summary>
    public static bool IsValidAeTitle(string? title) =>
        !string.IsNullOrWhiteSpace(title) && title.Length <= 16 && title.All(c => c is >= ' ' and <= '~' and not '\\');

    /// <summary>Parses a destination URI.</summary>
    /// <param name="text">The URI.</param>
    /// <param name="address">The address, when valid.</param>
    /// <param name="error">Why it is not valid: one line that never repeats a password.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DestinationAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The destination URI is empty.";
            return false;
        }

        var scheme = text.Split("://", 2)[0].ToLowerInvariant();
        var protocol = scheme switch
        {
            "dicom" or "dicom+tls" => DestinationProtocol.Dimse,
            "dicomweb+http" or "dicomweb+https" => DestinationProtocol.DicomWeb,
            "orthanc+http" or "orthanc+https" => DestinationProtocol.Orthanc,
            _ => (DestinationProtocol?)null,
        };
        if (protocol is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"The destination '{Redact(text)}' is not a URI of the form orthanc+http(s)://host:port, dicomweb+http(s)://host/path or dicom(+tls)://CALLED_AE@host:port.";
            return false;
        }

        var user = Uri.UnescapeDataString(uri.UserInfo);
        if (protocol == DestinationProtocol.Dimse)
        {
            if (!IsValidAeTitle(user))
            {
                error = $"The destination '{Redact(text)}' needs a called AE title of 1 to 16 characters before '@' ({scheme}://CALLED_AE@host:port).";
                return false;
            }

            var tls = scheme == "dicom+tls";
            var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultDicomTlsPort : DefaultDicomPort) : uri.Port;
            address = new DestinationAddress(DestinationProtocol.Dimse, uri.Host, port, null, user, null, null,
                string.Create(CultureInfo.InvariantCulture, $"{scheme}://{user}@{uri.Host}:{port}"), tls);
            error = null;
            return true;
        }

        var http = new UriBuilder(uri) { Scheme = scheme[(scheme.IndexOf('+', StringComparison.Ordinal) + 1)..], UserName = string.Empty, Password = string.Empty };
        if (uri.IsDefaultPort)
        {
            http.Port = -1;
        }

        var baseUri = http.Uri;
        string? username = null, password = null;
        if (user.Length > 0)
        {
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            username = colon < 0 ? user : user[..colon];
            password = colon < 0 ? null : user[(colon + 1)..];
        }

        var display = scheme + "://" + baseUri.Authority + baseUri.AbsolutePath.TrimEnd('/');
        address = new DestinationAddress(protocol.Value, baseUri.Host, baseUri.Port, baseUri, null, username, password, display);
        error = null;
        return true;
    }

    /// <summary>The URI with any "user:password" between "://" and "@" replaced, so a password written into it is never shown.</summary>
    public static string Redact(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return start >= 0 && at > start && text.AsSpan(start, at - start).Contains(':')
            ? text[..(start + 3)] + "***@" + text[(at + 1)..]
            : text;
    }
}
