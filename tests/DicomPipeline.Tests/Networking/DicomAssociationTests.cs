using System.Diagnostics;
using System.Text;
using DicomPipeline.Networking;

namespace DicomPipeline.Tests.Networking;

public sealed class DicomAssociationTests
{
    /// <summary>For the timeout tests: how long the silent peer is waited for.</summary>
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);

    /// <summary>For the others: long enough for a busy machine's fake peer to answer.</summary>
    private static readonly TimeSpan Ample = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task OpenAsync_PeerSendsGarbage_CleanErrorNamingIt()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
        });

        var error = await Open(peer.Port).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("not a DICOM PDU (type 48H)");
    }

    /// <summary>
    /// The body buffer is never made. Not measured with this thread's allocation counter: the read resumes on a pool
    /// thread after the socket's await, so that counter would miss it (issue 26). An attempt to make a buffer of that
    /// length throws OutOfMemoryException (past the largest array), which is not the refusal asserted here.
    /// </summary>
    [Fact]
    public async Task OpenAsync_GiantLengthField_RefusedBeforeTheBodyIsAllocated()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.SendAsync([0x02, 0, 0xFF, 0xFF, 0xFF, 0xF0]);
            await Task.Delay(TimeSpan.FromSeconds(5), c.Stopping);
        });

        var error = await Open(peer.Port).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("announced a PDU of 4294967280 bytes");
    }

    [Fact]
    public async Task OpenAsync_TruncatedPdu_CleanErrorNoHang()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.SendAsync([0x02, 0, 0, 0, 0, 100, 0, 1, 0, 0]);
            c.Stream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        var clock = Stopwatch.StartNew();

        var error = await Open(peer.Port).Should().ThrowAsync<DicomNetworkException>();

        peer.ScriptErrors.Should().BeEmpty();
        error.Which.Message.Should().Contain("closed the connection in the middle of a PDU");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OpenAsync_TlsToAPeerThatNeverAnswersTheHandshake_TimesOutInOneLine()
    {
        await using var peer = FakeDicomPeer.Start(c => Task.Delay(TimeSpan.FromSeconds(10), c.Stopping));
        var clock = Stopwatch.StartNew();

        var error = await OpenTls(peer.Port, Short).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Be($"TLS with PEER@127.0.0.1:{peer.Port} failed: no TLS handshake within 0.5 s.");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OpenAsync_TlsToAPlainDicomPeer_SaysItMayNotSpeakTls()
    {
        // A plain DICOM peer reads the ClientHello as a PDU of an unknown type and hangs up.
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            var header = new byte[6];
            await c.Stream.ReadExactlyAsync(header, c.Stopping);
            c.Stream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });

        var error = await OpenTls(peer.Port, Ample).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().StartWith($"TLS with PEER@127.0.0.1:{peer.Port} failed: ").And.Contain("may not speak TLS on this port");
    }

    [Fact]
    public async Task OpenAsync_SilentPeer_ArtimTimeout()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), c.Stopping);
        });

        var error = await Open(peer.Port, Short).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("did not answer within 0.5 s");
    }

    [Fact]
    public async Task OpenAsync_MalformedAccept_CleanError()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            byte[] body = [0, 1, 0, 0, .. new byte[64], 0x21, 0, 0xFF, 0xFF];
            await c.SendAsync(FakeDicomPeer.PeerConnection.Pdu(0x02, body));
        });

        var error = await Open(peer.Port).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("A-ASSOCIATE-AC is malformed");
    }

    [Fact]
    public async Task EchoAsync_PeerNeverAnswers_ResponseTimeout()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync());
            await Task.Delay(TimeSpan.FromSeconds(10), c.Stopping);
        });
        await using var association = await Open(peer.Port, Ample, Short)();

        var error = await association.Invoking(a => a.EchoAsync(CancellationToken.None)).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("did not answer within 0.5 s");
        error.Which.AssociationLost.Should().BeTrue();
    }

    [Fact]
    public async Task EchoAsync_ResponseWithGiantPdvLength_CleanError()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync());
            await c.ReadMessageAsync();
            await c.SendAsync(FakeDicomPeer.PeerConnection.Pdu(0x04, [0x7F, 0xFF, 0xFF, 0xFF, 1, 3, 0, 0]));
        });
        await using var association = await Open(peer.Port)();

        var error = await association.Invoking(a => a.EchoAsync(CancellationToken.None)).Should().ThrowAsync<DicomNetworkException>();

        error.Which.Message.Should().Contain("malformed P-DATA-TF");
    }

    [Fact]
    public async Task ReleaseAsync_AfterEcho_PeerSeesReleaseRequest()
    {
        var released = new TaskCompletionSource();
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync());
            await c.ServeAsync(_ => 0);
            released.SetResult();
        });
        var association = await Open(peer.Port)();

        (await association.EchoAsync(CancellationToken.None)).Category.Should().Be(DimseStatusCategory.Success);
        await association.ReleaseAsync(CancellationToken.None);

        await released.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OpenAsync_TlsPeerWithAnExpiredCertificate_SaysExpired()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var ssl = new System.Net.Security.SslStream(client.GetStream());
            try
            {
                await ssl.AuthenticateAsServerAsync(certificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refuses the certificate: what the test looks at is the client's message.
            }
        });
        var tls = new DicomTls([System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(made.RawData)], null);

        var open = () => DicomAssociation.OpenAsync(
            new AssociationSettings("127.0.0.1", port, "PEER", "ME", Ample, Ample, tls),
            [new PresentationContext(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])],
            CancellationToken.None);

        var error = await open.Should().ThrowAsync<DicomNetworkException>();
        error.Which.Message.Should().Contain("expired on").And.NotContain("does not chain");
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static Func<Task<DicomAssociation>> OpenTls(int port, TimeSpan artim) => () =>
        DicomAssociation.OpenAsync(
            new AssociationSettings("127.0.0.1", port, "PEER", "ME", artim, Ample, new DicomTls(null, null)),
            [new PresentationContext(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])],
            CancellationToken.None);

    private static Func<Task<DicomAssociation>> Open(int port, TimeSpan? artim = null, TimeSpan? response = null) => () =>
        DicomAssociation.OpenAsync(
            new AssociationSettings("127.0.0.1", port, "PEER", "ME", artim ?? Ample, response ?? Ample),
            [new PresentationContext(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])],
            CancellationToken.None);
}
