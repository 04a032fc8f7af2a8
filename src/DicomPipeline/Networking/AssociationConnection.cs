using System.Net.Sockets;

namespace DicomPipeline.Networking;

/// <summary>
/// The transport under a requested association: the TCP connection within the connect timeout and, when the settings
/// ask for it, the TLS handshake over it. What can go wrong here is a reachability or trust fault, always said as such,
/// and a refused or unanswered connection is transient (worth a retry); the association protocol starts above it.
/// </summary>
internal static class AssociationConnection
{
    /// <summary>Connects to the peer and secures the connection when asked; the stream returned is the one to speak PS3.8 on.</summary>
    /// <exception cref="DicomNetworkException">The peer cannot be reached in time, or the TLS handshake failed.</exception>
    public static async Task<(TcpClient Client, Stream Stream)> OpenAsync(AssociationSettings settings, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(settings.ConnectTimeout);
                try
                {
                    await client.ConnectAsync(settings.Host, settings.Port, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DicomNetworkException($"Cannot reach {settings.Display}: no connection within {Seconds(settings.ConnectTimeout)}.") { Transient = true };
                }
                catch (SocketException ex)
                {
                    throw new DicomNetworkException($"Cannot reach {settings.Display}: {ex.Message}.", ex) { Transient = true };
                }
            }

            Stream stream = client.GetStream();
            if (settings.Tls is { } tls)
            {
                stream = await tls.AuthenticateAsync(stream, settings, cancellationToken).ConfigureAwait(false);
            }

            return (client, stream);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A duration as people read it in an error line: "30 s".</summary>
    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
