using DicomPipeline.Destinations;
using DicomPipeline.Tests.Networking;

namespace DicomPipeline.Tests.Destinations;

/// <summary>The DIMSE destination's sent record: a re-run sends only what the peer did not confirm.</summary>
public sealed class DimseDestinationSentRecordTests : IDisposable
{
    private readonly DestinationTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SendAsync_ReRunAfterOutOfResources_SendsOnlyTheUnconfirmed()
    {
        var instances = await _files.WriteAsync(6);
        var full = true;
        await using var peer = FakeDicomPeer.StoreScp(r => full && (r.SopInstanceUid.EndsWith(".3", StringComparison.Ordinal) || r.SopInstanceUid.EndsWith(".5", StringComparison.Ordinal)) ? (ushort)0xA700 : (ushort)0);

        await using (var first = DimseDestinationTests.Create(peer.Port))
        {
            var outcomes = await first.SendAsync(instances);
            outcomes.Count(o => o.Kind == DestinationOutcomeKind.NotSent).Should().Be(2);
        }

        full = false;
        var receivedBefore = peer.Received.Count;
        await using var second = DimseDestinationTests.Create(peer.Port);
        var again = await second.SendAsync(instances);

        peer.Received.Skip(receivedBefore).Select(r => r.SopInstanceUid).Should().BeEquivalentTo(["1.2.3.9.3", "1.2.3.9.5"]);
        again.Where(o => o.SopInstanceUid is "1.2.3.9.3" or "1.2.3.9.5").Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        again.Where(o => o.SopInstanceUid is not ("1.2.3.9.3" or "1.2.3.9.5")).Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.AlreadyPresent && o.Reason == null);
    }

    [Fact]
    public async Task SendAsync_SameDestinationTwice_SecondSendsNothing()
    {
        var instances = await _files.WriteAsync(3);
        await using var peer = FakeDicomPeer.StoreScp();
        await using var destination = DimseDestinationTests.Create(peer.Port);

        await destination.SendAsync(instances);
        var second = await destination.SendAsync(instances);

        peer.Received.Should().HaveCount(3);
        second.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.AlreadyPresent);
    }

    [Fact]
    public async Task SendAsync_Confirmed_RecordedInTheOutputFolderPerDestination()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = FakeDicomPeer.StoreScp(r => r.SopInstanceUid.EndsWith(".2", StringComparison.Ordinal) ? (ushort)0xA900 : (ushort)0);

        await using (var destination = DimseDestinationTests.Create(peer.Port))
        {
            await destination.SendAsync(instances);
        }

        var record = Directory.GetFiles(_files.Folder, "sent.*.txt").Should().ContainSingle().Subject;
        Path.GetFileName(record).Should().StartWith($"sent.dicom___STORESCP_127.0.0.1_{peer.Port}.");
        (await File.ReadAllTextAsync(record)).Should().Be("1.2.3.9.1\n", "only what the peer confirmed is recorded, not what it refused");

        // Another address has a record of its own: everything goes there.
        await using var other = FakeDicomPeer.StoreScp();
        await using var elsewhere = DimseDestinationTests.Create(other.Port);
        (await elsewhere.SendAsync(instances)).Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        other.Received.Should().HaveCount(2);
    }

    [Fact]
    public async Task SendAsync_PermanentRejection_RefusedSoNoReRunHint()
    {
        var instances = await _files.WriteAsync(2);
        await using var peer = FakeDicomPeer.Start(async c =>
        {
            await c.ReadAssociateRequestAsync();
            await c.RejectAsync(1, 1, 7);
        });

        var outcomes = await DimseDestinationTests.Create(peer.Port, "NOSUCHAE").SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused && o.Reason!.Contains("called AE title not recognized"));
    }

    [Fact]
    public async Task SendAsync_SopClassNotSupported_RefusedSoNoReRunHint()
    {
        var instances = await _files.WriteAsync(1);
        await using var peer = FakeDicomPeer.StoreScp(choose: c => (3, c.TransferSyntaxes[0]));

        var outcome = (await DimseDestinationTests.Create(peer.Port).SendAsync(instances)).Single();

        outcome.Kind.Should().Be(DestinationOutcomeKind.Refused);
        outcome.Reason.Should().Contain("SOP class not supported");
    }
}
