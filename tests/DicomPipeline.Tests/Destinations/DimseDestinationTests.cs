using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.Tests.Networking;

namespace DicomPipeline.Tests.Destinations;

public sealed class DimseDestinationTests : IDisposable
{
    private readonly DestinationTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task EchoAsync_AcceptingPeer_Succeeds()
    {
        await using var peer = FakeDicomPeer.StoreScp();

        var echo = await Create(peer.Port).EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
        echo.Message.Should().Contain("FAKEPEER");
    }

    [Fact]
    public async Task EchoAsync_WrongCalledAe_OneLineNamingTheAeAndTheReason()
    {
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.RejectAsync(1, 1, 7);
        });

        var echo = await Create(peer.Port, "WRONGAE").EchoAsync();

        echo.Success.Should().BeFalse();
        echo.Message.Should().Contain("'WRONGAE'").And.Contain("called AE title not recognized").And.Contain("permanent").And.NotContain("\n");
    }

    [Fact]
    public async Task SendAsync_PeerStoresAll_EverySentWithTheFileDatasetBytes()
    {
        var instances = await _files.WriteAsync(5);
        await using var peer = FakeDicomPeer.StoreScp();

        var outcomes = await Create(peer.Port).SendAsync(instances);

        outcomes.Select(o => o.Kind).Should().AllBeEquivalentTo(DestinationOutcomeKind.Sent);
        outcomes.Select(o => o.SopInstanceUid).Should().Equal(instances.Select(i => i.SopInstanceUid));
        peer.Received.Should().HaveCount(5);
        foreach (var instance in instances)
        {
            var received = peer.Received.Single(r => r.SopInstanceUid == instance.SopInstanceUid);
            received.SopClassUid.Should().Be("1.2.840.10008.5.1.4.1.1.2");
            received.Dataset.Should().Equal(DestinationTestFiles.DatasetBytes(instance.FullPath));
        }
    }

    [Fact]
    public async Task SendAsync_SmallPeerMaximum_FragmentsNoLargerThanIt()
    {
        var instances = await _files.WriteAsync(1, rows: 64);
        await using var peer = FakeDicomPeer.StoreScp(maxLength: 1024);

        var outcomes = await Create(peer.Port).SendAsync(instances);

        outcomes.Single().Kind.Should().Be(DestinationOutcomeKind.Sent);
        var received = peer.Received.Single();
        received.LargestPduBody.Should().BeLessThanOrEqualTo(1024);
        received.Dataset.Should().Equal(DestinationTestFiles.DatasetBytes(instances[0].FullPath));
    }

    [Fact]
    public async Task SendAsync_DeflatedDatasetOfOddLength_PaddedToEvenWithOneNul()
    {
        var instances = await _files.WriteAsync(8, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        var odd = instances.First(i => DestinationTestFiles.DatasetBytes(i.FullPath).Length % 2 == 1);
        await using var peer = FakeDicomPeer.StoreScp();

        var outcome = (await Create(peer.Port).SendAsync([odd])).Single();

        outcome.Kind.Should().Be(DestinationOutcomeKind.Sent);
        peer.Received.Single().Dataset.Should().Equal([.. DestinationTestFiles.DatasetBytes(odd.FullPath), 0]);
    }

    [Fact]
    public async Task SendAsync_ManyInstances_OneAssociationPerParallelSlot()
    {
        var instances = await _files.WriteAsync(12);
        await using var peer = FakeDicomPeer.StoreScp();

        var outcomes = await Create(peer.Port, parallelism: 3).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        peer.ConnectionCount.Should().Be(3);
    }

    [Fact]
    public async Task SendAsync_InstancesPerAssociationThree_SevenInstancesOnThreeAssociations()
    {
        var instances = await _files.WriteAsync(7);
        await using var peer = FakeDicomPeer.StoreScp();
        await using var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = $"dicom://STORESCP@127.0.0.1:{peer.Port}", Parallelism = 1, InstancesPerAssociation = 3 });

        var outcomes = await destination.SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        peer.ConnectionCount.Should().Be(3, "3 + 3 + 1 instances");
    }

    [Fact]
    public async Task SendAsync_PeerAcceptsOnlyImplicit_DatasetReencodedImplicit()
    {
        var instances = await _files.WriteAsync(1);
        await using var peer = FakeDicomPeer.StoreScp(choose: c => (0, "1.2.840.10008.1.2"));

        var outcomes = await Create(peer.Port).SendAsync(instances);

        outcomes.Single().Kind.Should().Be(DestinationOutcomeKind.Sent);
        var received = peer.Received.Single();
        received.TransferSyntax.Should().Be("1.2.840.10008.1.2");
        var expected = await DicomFile.OpenAsync(instances[0].FullPath);
        using var implicitBytes = new MemoryStream();
        await new DicomFile(expected.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian).WriteAsync(implicitBytes);
        received.Dataset.Should().Equal(DestinationTestFiles.DatasetBytes(implicitBytes.ToArray()));
    }

    [Fact]
    public async Task SendAsync_CompressedSyntaxNotAccepted_RefusedWithReason()
    {
        var instances = await _files.WriteAsync(1, DicomTransferSyntax.RleLossless);
        var proposed = new List<FakeDicomPeer.ProposedContext>();
        await using var peer = FakeDicomPeer.StoreScp(choose: c =>
        {
            proposed.Add(c);
            return (4, c.TransferSyntaxes[0]);
        });

        var outcome = (await Create(peer.Port).SendAsync(instances)).Single();

        // The file's own syntax alone, then the uncompressed fallback context (issue 24); the peer takes neither.
        proposed.Select(c => string.Join(' ', c.TransferSyntaxes)).Should().Equal("1.2.840.10008.1.2.5", "1.2.840.10008.1.2.1");
        outcome.Kind.Should().Be(DestinationOutcomeKind.Refused);
        outcome.Reason.Should().Contain("transfer syntax not accepted").And.Contain("RLE Lossless");
        peer.Received.Should().BeEmpty();
    }

    [Theory]
    [InlineData((ushort)0xB000, DestinationOutcomeKind.Sent, "B000H (coercion of data elements)")]
    [InlineData((ushort)0xB007, DestinationOutcomeKind.Sent, "B007H (data set does not match SOP class)")]
    [InlineData((ushort)0x0111, DestinationOutcomeKind.AlreadyPresent, null)]
    [InlineData((ushort)0xA701, DestinationOutcomeKind.NotSent, "A701H (refused: out of resources)")]
    [InlineData((ushort)0xA900, DestinationOutcomeKind.Refused, "A900H (error: data set does not match SOP class)")]
    [InlineData((ushort)0xC123, DestinationOutcomeKind.Refused, "C123H (error: cannot understand)")]
    public async Task SendAsync_PeerStatus_MappedPerInstance(ushort status, DestinationOutcomeKind kind, string? reason)
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = FakeDicomPeer.StoreScp(r => r.SopInstanceUid.EndsWith(".2", StringComparison.Ordinal) ? status : (ushort)0);

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes[0].Kind.Should().Be(DestinationOutcomeKind.Sent);
        outcomes[0].Reason.Should().BeNull();
        outcomes[1].Kind.Should().Be(kind);
        if (reason is null)
        {
            outcomes[1].Reason.Should().BeNull();
        }
        else
        {
            outcomes[1].Reason.Should().Contain(reason);
        }
    }

    [Fact]
    public async Task SendAsync_PeerAbortsMidTransfer_UnconfirmedNotSentAndReRunSendsJustThose()
    {
        var instances = await _files.WriteAsync(6);
        var stored = 0;
        await using var aborting = FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync());
            while (await c.ReadMessageAsync() is { } message)
            {
                if (Interlocked.Increment(ref stored) > 2)
                {
                    await c.SendAsync(FakeDicomPeer.PeerConnection.Pdu(0x07, [0, 0, 2, 0]));
                    return;
                }

                var id = BitConverter.ToUInt16(message.Command[0x00000110]);
                await c.SendResponseAsync(message.ContextId, 0x8001, id, 0, null);
            }
        });

        var first = await Create(aborting.Port, parallelism: 1).SendAsync(instances);

        first.Take(2).Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        first.Skip(2).Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        first[2].Reason.Should().Contain("aborted the association");

        await using var peer = FakeDicomPeer.StoreScp();
        var retry = instances.Where((_, i) => first[i].Kind == DestinationOutcomeKind.NotSent).ToList();
        var second = await Create(peer.Port).SendAsync(retry);
        second.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        peer.Received.Select(r => r.SopInstanceUid).Should().BeEquivalentTo(instances.Skip(2).Select(i => i.SopInstanceUid));
    }

    [Fact]
    public async Task SendAsync_UnreachableHost_EveryInstanceNotSentWithOneLine()
    {
        var instances = await _files.WriteAsync(3);
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var outcomes = await Create(port).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        outcomes[0].Reason.Should().StartWith($"Cannot reach STORESCP@127.0.0.1:{port}").And.NotContain("\n");
    }

    [Fact]
    public async Task SendAsync_RejectedAssociation_EveryInstanceRefusedNamingTheAe()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.RejectAsync(1, 1, 7);
        });

        var outcomes = await Create(peer.Port, "NOSUCHAE").SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused && o.Reason!.Contains("'NOSUCHAE'") && o.Reason.Contains("called AE title not recognized"));
    }

    [Fact]
    public async Task SendAsync_UnreadableFile_NotSentAndTheRestSent()
    {
        var instances = (await _files.WriteAsync(2)).ToList();
        await File.WriteAllTextAsync(instances[0].FullPath, "not dicom");
        await using var peer = FakeDicomPeer.StoreScp();

        var outcomes = await Create(peer.Port).SendAsync(instances);

        outcomes[0].Kind.Should().Be(DestinationOutcomeKind.NotSent);
        outcomes[0].Reason.Should().Contain("not a DICOM Part 10 file");
        outcomes[1].Kind.Should().Be(DestinationOutcomeKind.Sent);
    }

    [Fact]
    public async Task SendAsync_PeerAcceptsSyntaxNotProposed_RefusedWithReasonAndNothingSent()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = FakeDicomPeer.StoreScp(choose: _ => (0, "1.2.840.10008.1.2.4.50"));

        var outcomes = await Create(peer.Port).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused);
        outcomes[0].Reason.Should().Contain("1.2.840.10008.1.2.4.50").And.Contain("not proposed").And.NotContain("\n");
        peer.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_ResponseWithoutStatus_NotSent()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = AnsweringPeer((c, id, uid) => c.SendResponseAsync(1, 0x8001, id, 0, uid, withStatus: false));

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        outcomes[0].Reason.Should().Contain("no Status (0000,0900)");
    }

    [Fact]
    public async Task SendAsync_ResponseNamesAnotherInstance_NotSent()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = AnsweringPeer((c, id, _) => c.SendResponseAsync(1, 0x8001, id, 0, "1.2.3.4.5.6.7.8.9"));

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        outcomes[0].Reason.Should().Contain("another SOP instance");
    }

    [Fact]
    public async Task SendAsync_TransientRejectionThenAcceptance_RetriedAndAllSent()
    {
        var instances = await _files.WriteAsync(3);
        var attempts = 0;
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            var request = await c.ReadAssociateRequestAsync();
            if (Interlocked.Increment(ref attempts) <= 2)
            {
                await c.RejectAsync(2, 3, 1); // transient, temporary congestion
                return;
            }

            await c.AcceptAsync(request);
            await c.ServeAsync(_ => 0);
        });

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        attempts.Should().Be(3);
        peer.Received.Should().HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_PermanentRejection_NotRetried()
    {
        var instances = await _files.WriteAsync(2);
        var attempts = 0;
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            Interlocked.Increment(ref attempts);
            await c.RejectAsync(1, 1, 3);
        });

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused && o.Reason!.Contains("calling AE title not recognized"));
        attempts.Should().Be(1);
    }

    [Fact]
    public async Task SendAsync_PeerMaximumTooSmall_AbortedAsServiceUser()
    {
        var instances = await _files.WriteAsync(1);
        byte[]? abort = null;
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync(), maxLength: 64);
            var (type, body) = await c.ReadPduAsync();
            abort = type == 0x07 ? body : [type];
        });

        var outcomes = await Create(peer.Port, parallelism: 1).SendAsync(instances);

        outcomes.Single().Reason.Should().Contain("too small");
        for (var i = 0; i < 50 && abort is null; i++)
        {
            await Task.Delay(20);
        }

        abort.Should().NotBeNull();
        abort!.Should().HaveCount(4);
        abort[2].Should().Be(0, "A-ABORT source 0 is the service user: this side's application decided to abort");
    }

    /// <summary>A peer that accepts everything and answers each C-STORE with <paramref name="answer"/> (connection, message ID, SOP instance UID).</summary>
    private static FakeDicomPeer AnsweringPeer(Func<FakeDicomPeer.PeerConnection, ushort, string, Task> answer) =>
        FakeDicomPeer.Start(async c =>
        {
            await c.AcceptAsync(await c.ReadAssociateRequestAsync());
            while (await c.ReadMessageAsync() is { } message)
            {
                var id = BitConverter.ToUInt16(message.Command[0x00000110]);
                var uid = System.Text.Encoding.ASCII.GetString(message.Command[0x00001000]).TrimEnd('\0');
                await answer(c, id, uid);
            }
        });

    internal static IDicomDestination Create(int port, string calledAe = "STORESCP", int parallelism = 2)
    {
        var destination = new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = $"dicom://{calledAe}@127.0.0.1:{port}",
            Parallelism = parallelism,
            Timeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });
        if (destination is DimseDestination dimse)
        {
            dimse.RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)];
        }

        return destination;
    }
}
