using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DicomPipeline.Tests.Networking;

/// <summary>
/// A scripted DICOM peer on 127.0.0.1: each connection runs the script it was started with. Its PDU handling is
/// written here from PS3.8, independently of the code under test.
/// </summary>
internal sealed class FakeDicomPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<PeerConnection, Task> _script;
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    private FakeDicomPeer(Func<PeerConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The stores received, in the order they completed.</summary>
    public ConcurrentQueue<ReceivedStore> Received { get; } = new();

    /// <summary>How many connections were accepted.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Errors the scripts raised (a test asserts there were none when the peer should have been happy).</summary>
    public ConcurrentQueue<Exception> ScriptErrors { get; } = new();

    public static FakeDicomPeer Start(Func<PeerConnection, Task> script) => new(script);

    /// <summary>A store SCP that accepts every context with its first transfer syntax and answers each C-STORE with <paramref name="status"/>.</summary>
    public static FakeDicomPeer StoreScp(Func<ReceivedStore, ushort>? status = null, uint maxLength = 16384, Func<ProposedContext, (byte Result, string Syntax)>? choose = null) =>
        Start(async peer =>
        {
            var request = await peer.ReadAssociateRequestAsync();
            await peer.AcceptAsync(request, choose, maxLength);
            await peer.ServeAsync(status ?? (_ => 0x0000));
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await Task.WhenAll(_connections.Select(async c =>
        {
            try
            {
                await c.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
            }
        }));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await _script(new PeerConnection(client.GetStream(), this, _stop.Token));
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or OperationCanceledException)
                    {
                        // The client went away: what the tests look at is what the client reports.
                    }
                    catch (Exception ex)
                    {
                        ScriptErrors.Enqueue(ex);
                    }
                }
            }));
        }
    }

    internal sealed record ProposedContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

    internal sealed record AssociateRequest(string CalledAe, string CallingAe, IReadOnlyList<ProposedContext> Contexts, uint MaxLength);

    /// <summary>One C-STORE as received: the command's fields, the data set's bytes, and the largest P-DATA-TF it came in.</summary>
    internal sealed record ReceivedStore(ushort MessageId, string SopClassUid, string SopInstanceUid, string TransferSyntax, byte[] Dataset, int LargestPduBody);

    internal sealed class PeerConnection(NetworkStream stream, FakeDicomPeer peer, CancellationToken stop)
    {
        private readonly Dictionary<byte, string> _accepted = [];

        public NetworkStream Stream { get; } = stream;

        /// <summary>Cancelled when the peer is disposed, so a script that waits ends with the test.</summary>
        public CancellationToken Stopping => stop;

        public async Task<(byte Type, byte[] Body)> ReadPduAsync()
        {
            var header = new byte[6];
            await Stream.ReadExactlyAsync(header, stop);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await Stream.ReadExactlyAsync(body, stop);
            return (header[0], body);
        }

        public Task SendAsync(byte[] bytes) => Stream.WriteAsync(bytes, stop).AsTask();

        public async Task<AssociateRequest> ReadAssociateRequestAsync()
        {
            var (type, body) = await ReadPduAsync();
            if (type != 0x01)
            {
                throw new InvalidOperationException($"expected A-ASSOCIATE-RQ, got PDU type {type}");
            }

            var called = Encoding.ASCII.GetString(body, 4, 16).Trim();
            var calling = Encoding.ASCII.GetString(body, 20, 16).Trim();
            var contexts = new List<ProposedContext>();
            uint max = 0;
            foreach (var (itemType, value) in Items(body.AsMemory(68)))
            {
                if (itemType == 0x20)
                {
                    string? abstractSyntax = null;
                    var syntaxes = new List<string>();
                    foreach (var (subType, sub) in Items(value[4..]))
                    {
                        if (subType == 0x30)
                        {
                            abstractSyntax = Encoding.ASCII.GetString(sub.Span);
                        }
                        else if (subType == 0x40)
                        {
                            syntaxes.Add(Encoding.ASCII.GetString(sub.Span));
                        }
                    }

                    contexts.Add(new ProposedContext(value.Span[0], abstractSyntax!, syntaxes));
                }
                else if (itemType == 0x50)
                {
                    foreach (var (subType, sub) in Items(value))
                    {
                        if (subType == 0x51)
                        {
                            max = BinaryPrimitives.ReadUInt32BigEndian(sub.Span);
                        }
                    }
                }
            }

            return new AssociateRequest(called, calling, contexts, max);
        }

        /// <summary>Sends A-ASSOCIATE-AC; each context accepted with its first syntax unless <paramref name="choose"/> says otherwise.</summary>
        public Task AcceptAsync(AssociateRequest request, Func<ProposedContext, (byte Result, string Syntax)>? choose = null, uint maxLength = 16384)
        {
            var body = new List<byte>();
            body.AddRange(new byte[] { 0, 1, 0, 0 });
            body.AddRange(Encoding.ASCII.GetBytes(request.CalledAe.PadRight(16)));
            body.AddRange(Encoding.ASCII.GetBytes(request.CallingAe.PadRight(16)));
            body.AddRange(new byte[32]);
            body.AddRange(Item(0x10, Encoding.ASCII.GetBytes("1.2.840.10008.3.1.1.1")));
            foreach (var context in request.Contexts)
            {
                var (result, syntax) = choose?.Invoke(context) ?? (0, context.TransferSyntaxes[0]);
                if (result == 0)
                {
                    _accepted[context.Id] = syntax;
                }

                body.AddRange(Item(0x21, [context.Id, 0, result, 0, .. Item(0x40, Encoding.ASCII.GetBytes(syntax))]));
            }

            var max = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(max, maxLength);
            body.AddRange(Item(0x50, [.. Item(0x51, max), .. Item(0x55, Encoding.ASCII.GetBytes("FAKEPEER"))]));
            return SendAsync(Pdu(0x02, [.. body]));
        }

        public Task RejectAsync(byte result, byte source, byte reason) => SendAsync(Pdu(0x03, [0, result, source, reason]));

        /// <summary>Reads one whole DIMSE message: command, then data set when the command says one follows.</summary>
        public async Task<(Dictionary<uint, byte[]> Command, byte ContextId, byte[]? Dataset, int LargestPdu)?> ReadMessageAsync()
        {
            var command = new MemoryStream();
            var dataset = new MemoryStream();
            Dictionary<uint, byte[]>? parsed = null;
            byte contextId = 0;
            var largest = 0;
            var wantDataset = false;
            while (parsed is null || wantDataset)
            {
                var (type, body) = await ReadPduAsync();
                if (type == 0x05)
                {
                    await SendAsync(Pdu(0x06, new byte[4]));
                    return null;
                }

                if (type != 0x04)
                {
                    throw new InvalidOperationException($"unexpected PDU type {type}");
                }

                largest = Math.Max(largest, body.Length);
                var offset = 0;
                while (offset < body.Length)
                {
                    var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset));
                    contextId = body[offset + 4];
                    var control = body[offset + 5];
                    var data = body.AsSpan(offset + 6, length - 2);
                    if ((control & 1) != 0)
                    {
                        command.Write(data);
                        if ((control & 2) != 0)
                        {
                            parsed = ParseCommand(command.ToArray());
                            wantDataset = BinaryPrimitives.ReadUInt16LittleEndian(parsed[0x00000800]) != 0x0101;
                        }
                    }
                    else
                    {
                        dataset.Write(data);
                        if ((control & 2) != 0)
                        {
                            wantDataset = false;
                        }
                    }

                    offset += 4 + length;
                }
            }

            return (parsed, contextId, dataset.Length > 0 ? dataset.ToArray() : null, largest);
        }

        /// <summary>Answers C-ECHO and C-STORE until the client releases.</summary>
        public async Task ServeAsync(Func<ReceivedStore, ushort> status)
        {
            while (await ReadMessageAsync() is { } message)
            {
                var field = BinaryPrimitives.ReadUInt16LittleEndian(message.Command[0x00000100]);
                var messageId = BinaryPrimitives.ReadUInt16LittleEndian(message.Command[0x00000110]);
                if (field == 0x0030)
                {
                    await SendResponseAsync(message.ContextId, 0x8030, messageId, 0, null);
                    continue;
                }

                var store = new ReceivedStore(
                    messageId,
                    Text(message.Command[0x00000002]),
                    Text(message.Command[0x00001000]),
                    _accepted[message.ContextId],
                    message.Dataset ?? [],
                    message.LargestPdu);
                var code = status(store);
                peer.Received.Enqueue(store);
                await SendResponseAsync(message.ContextId, 0x8001, messageId, code, store.SopInstanceUid);
            }
        }

        public Task SendResponseAsync(byte contextId, ushort field, ushort respondedTo, ushort status, string? instance, bool withStatus = true)
        {
            var elements = new List<byte>();
            void Add(uint tag, byte[] value)
            {
                var header = new byte[8];
                BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), (ushort)tag);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)value.Length);
                elements.AddRange(header);
                elements.AddRange(value);
            }

            static byte[] US(ushort v) => [(byte)v, (byte)(v >> 8)];
            Add(0x00000100, US(field));
            Add(0x00000120, US(respondedTo));
            Add(0x00000800, US(0x0101));
            if (withStatus)
            {
                Add(0x00000900, US(status));
            }

            if (instance is not null)
            {
                var uid = Encoding.ASCII.GetBytes(instance.Length % 2 == 1 ? instance + "\0" : instance);
                Add(0x00001000, uid);
            }

            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)elements.Count);
            byte[] command = [0, 0, 0, 0, 4, 0, 0, 0, .. length, .. elements];
            return SendAsync(PData(contextId, command, isCommand: true));
        }

        public static byte[] PData(byte contextId, byte[] data, bool isCommand)
        {
            var pdv = new byte[6 + data.Length];
            BinaryPrimitives.WriteUInt32BigEndian(pdv, (uint)(data.Length + 2));
            pdv[4] = contextId;
            pdv[5] = (byte)((isCommand ? 1 : 0) | 2);
            data.CopyTo(pdv, 6);
            return Pdu(0x04, pdv);
        }

        public static byte[] Pdu(byte type, byte[] body)
        {
            var pdu = new byte[6 + body.Length];
            pdu[0] = type;
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
            body.CopyTo(pdu, 6);
            return pdu;
        }

        private static string Text(byte[] value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

        private static Dictionary<uint, byte[]> ParseCommand(byte[] bytes)
        {
            var result = new Dictionary<uint, byte[]>();
            var offset = 0;
            while (offset < bytes.Length)
            {
                var tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
                result[tag] = bytes.AsSpan(offset + 8, length).ToArray();
                offset += 8 + length;
            }

            return result;
        }

        private static IEnumerable<(byte Type, ReadOnlyMemory<byte> Value)> Items(ReadOnlyMemory<byte> bytes)
        {
            while (bytes.Length >= 4)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Span[2..]);
                yield return (bytes.Span[0], bytes.Slice(4, length));
                bytes = bytes[(4 + length)..];
            }
        }

        private static byte[] Item(byte type, byte[] value)
        {
            var item = new byte[4 + value.Length];
            item[0] = type;
            BinaryPrimitives.WriteUInt16BigEndian(item.AsSpan(2), (ushort)value.Length);
            value.CopyTo(item, 4);
            return item;
        }
    }
}
