using System.Net;
using System.Net.Sockets;
using DicomPipeline.Networking;
using Microsoft.Extensions.Logging;

namespace DicomPipeline.Receiving;

/// <summary>
/// The listening socket: each connection is one <see cref="ScpAssociation"/>. At most
/// <see cref="DicomReceiverOptions.MaxAssociations"/> are served at once; a caller beyond them still gets an answer (a
/// transient A-ASSOCIATE-RJ, local limit exceeded), from a small second allowance, and any further one is closed.
/// </summary>
internal sealed class StoreScp : IAsyncDisposable
{
    private readonly DicomReceiverOptions _options;
    private readonly DicomSpool _spool;
    private readonly ReceiverTls? _tls;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _rejections = new(4, 4);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task? _accepting;

    public StoreScp(DicomReceiverOptions options, DicomSpool spool, ReceiverTls? tls, ILogger logger)
    {
        _options = options;
        _spool = spool;
        _tls = tls;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxAssociations, options.MaxAssociations);
        _listener = new TcpListener(IPAddress.Parse(options.BindAddress), options.Port);
    }

    /// <summary>The port listened on (the one picked when the options said 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start(backlog: Math.Max(16, _options.MaxAssociations * 2));
        _logger.Listening(_options.AeTitle, _options.BindAddress, Port, _spool.Root);
        _accepting = AcceptAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accepting is not null)
        {
            try
            {
                await _accepting.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
        _stop.Dispose();
        _slots.Dispose();
        _rejections.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            client.NoDelay = true;
            var slot = _slots.Wait(0, CancellationToken.None);
            if (!slot && !_rejections.Wait(0, CancellationToken.None))
            {
                client.Dispose();
                continue;
            }

            var task = ServeAsync(client, slot, cancellationToken);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(TcpClient client, bool slot, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "a caller";
        try
        {
            using (client)
            {
                Stream stream = client.GetStream();
                if (_tls is not null)
                {
                    stream = await _tls.AuthenticateAsync(stream, peer, _options.AssociationTimeout, cancellationToken).ConfigureAwait(false);
                }

                await using (stream.ConfigureAwait(false))
                {
                    var association = new ScpAssociation(stream, peer, _options, _spool, _logger);
                    await association.RunAsync(overLimit: !slot, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (DicomNetworkException ex)
        {
            _logger.Failed(peer, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            _logger.Failed(peer, "the connection broke: " + ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The receiver is stopping: the instance in transfer, if any, was dropped.
        }
        finally
        {
            (slot ? _slots : _rejections).Release();
        }
    }
}
