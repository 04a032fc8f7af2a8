using System.Net;
using System.Net.Sockets;

namespace DicomPipeline.IntegrationTests.Robustness;

/// <summary>
/// A stand-in for a broken Orthanc on 127.0.0.1: every request is read whole, then answered with 500, or answered only
/// after a delay longer than the client's timeout. It counts what it was sent and stops with the test.
/// </summary>
internal sealed class FaultyHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TimeSpan _delay;
    private int _requests;

    private FaultyHttpServer(TimeSpan delay)
    {
        _delay = delay;

        // A free port can be taken between asking for it and listening on it (other tests start servers too): try again.
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener();
            var url = $"http://127.0.0.1:{FreePort()}";
            listener.Prefixes.Add(url + "/");
            try
            {
                listener.Start();
                _listener = listener;
                BaseUrl = url;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers every request with 500 Internal Server Error.</summary>
    public static FaultyHttpServer Failing() => new(TimeSpan.Zero);

    /// <summary>Answers every request with 500, but only after <paramref name="delay"/>.</summary>
    public static FaultyHttpServer Slow(TimeSpan delay) => new(delay);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Close alone: on Unix, Stop then Close removes the listener twice, and the second removal binds the port again
        // for a moment ("Address already in use" when another test has taken the port in between).
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            await context.Request.InputStream.CopyToAsync(Stream.Null, _stop.Token);
            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay, _stop.Token);
            }

            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            var body = """{ "HttpError": "Internal Server Error", "Message": "fault injected by the test" }"""u8.ToArray();
            await context.Response.OutputStream.WriteAsync(body, _stop.Token);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client gave up (timeout) or the test ended: nothing to answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
