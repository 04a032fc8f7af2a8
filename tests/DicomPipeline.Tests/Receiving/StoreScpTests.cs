using DicomPipeline.Destinations;
using DicomPipeline.Networking;
using DicomPipeline.Receiving;
using DicomPipeline.Tests.Destinations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomPipeline.Tests.Receiving;

/// <summary>The SCP against this library's own SCU (the dicom:// destination), and against hand-made association requests.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class StoreScpTests : IAsyncLifetime
{
    private readonly DestinationTestFiles _files = new();
    private readonly string _spoolRoot = Path.Combine(Path.GetTempPath(), "dicompipeline-spool-" + Guid.NewGuid().ToString("N")[..12]);
    private StoreScp? _scp;
    private DicomSpool? _spool;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_scp is not null)
        {
            await _scp.DisposeAsync();
        }

        _files.Dispose();
        if (Directory.Exists(_spoolRoot))
        {
            Directory.Delete(_spoolRoot, recursive: true);
        }
    }

    [Fact]
    public async Task EchoAsync_ToTheScp_Succeeds()
    {
        var port = Start();

        var echo = await DimseDestinationTests.Create(port, "GATEWAY").EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
        echo.Message.Should().Contain("DICOMPIPELINE_01");
    }

    [Fact]
    public async Task SendAsync_FiveInstances_EachSpooledUnderItsStudyWithTheSameDatasetBytes()
    {
        var instances = await _files.WriteAsync(5);
        var port = Start();

        var outcomes = await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        foreach (var instance in instances)
        {
            var spooled = Path.Combine(_spoolRoot, "studies", "1.2.3", instance.SopInstanceUid + ".dcm");
            File.Exists(spooled).Should().BeTrue(spooled);
            DestinationTestFiles.DatasetBytes(spooled).Should().Equal(DestinationTestFiles.DatasetBytes(instance.FullPath));
            var header = await Part10Header.ReadAsync(spooled, CancellationToken.None);
            header.SopInstanceUid.Should().Be(instance.SopInstanceUid);
            header.TransferSyntaxUid.Should().Be("1.2.840.10008.1.2.1");
        }

        Directory.EnumerateFiles(Path.Combine(_spoolRoot, "incoming")).Should().BeEmpty();
        _spool!.StableStudies(TimeSpan.Zero).Should().Equal("1.2.3");
    }

    [Fact]
    public async Task SendAsync_SameInstanceTwice_OneFile()
    {
        var instances = await _files.WriteAsync(1);
        var port = Start();

        await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);

        // The sender's record of what was confirmed would make the second send a no-op: forget it, so the SCP gets the instance again.
        foreach (var record in Directory.GetFiles(_files.Folder, "sent.*", SearchOption.AllDirectories))
        {
            File.Delete(record);
        }

        var again = await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances);

        again.Single().Kind.Should().Be(DestinationOutcomeKind.Sent);
        Directory.EnumerateFiles(Path.Combine(_spoolRoot, "studies", "1.2.3")).Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_UnknownCallingAe_RejectedCallingAeNotRecognized()
    {
        var instances = await _files.WriteAsync(1);
        var port = Start(o => o.AllowedCallingAeTitles.Add("MODALITY1"));

        var outcome = (await DimseDestinationTests.Create(port, "GATEWAY").SendAsync(instances)).Single();

        // Refused, not NotSent: a permanent rejection would meet the same answer on a re-run (the sent record's rule).
        outcome.Kind.Should().Be(DestinationOutcomeKind.Refused);
        outcome.Reason.Should().Contain("calling AE title not recognized").And.Contain("permanent");
        Directory.EnumerateFileSystemEntries(Path.Combine(_spoolRoot, "studies")).Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_WrongCalledAe_RejectedCalledAeNotRecognized()
    {
        var instances = await _files.WriteAsync(1);
        var port = Start();

        var outcome = (await DimseDestinationTests.Create(port, "NOTGATEWAY").SendAsync(instances)).Single();

        outcome.Reason.Should().Contain("called AE title not recognized");
    }

    [Fact]
    public async Task SendAsync_SpoolCannotBeWritten_AnsweredOutOfResourcesA700()
    {
        var instances = await _files.WriteAsync(2);
        var port = Start();
        var incoming = Path.Combine(_spoolRoot, "incoming");
        Directory.Delete(incoming);
        await File.WriteAllTextAsync(incoming, "a file where the folder was: every temporary file fails to open");

        var outcomes = await DimseDestinationTests.Create(port, "GATEWAY", parallelism: 1).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent && o.Reason!.Contains("A700H"));
        Directory.EnumerateFileSystemEntries(Path.Combine(_spoolRoot, "studies")).Should().BeEmpty();
    }

    [Fact]
    public async Task StoreAsync_SenderAbortsMidDataset_NoPartialInstanceLeft()
    {
        var instances = await _files.WriteAsync(1, rows: 512);
        var port = Start();
        var header = await Part10Header.ReadAsync(instances[0].FullPath, CancellationToken.None);
        var contexts = DimseDestination.ProposeContexts([header]);
        var association = await DicomAssociation.OpenAsync(Settings(port), contexts, CancellationToken.None);

        var send = () => association.StoreAsync(contexts[0], header.SopClassUid, header.SopInstanceUid, async (data, token) =>
        {
            await data.WriteAsync(new byte[300_000], token); // more than one PDU goes out
            throw new IOException("the sender's disk failed");
        }, CancellationToken.None);

        await send.Should().ThrowAsync<IOException>();
        await association.DisposeAsync(); // A-ABORT
        await WaitUntilAsync(() => !Directory.EnumerateFiles(Path.Combine(_spoolRoot, "incoming")).Any());
        Directory.EnumerateFiles(Path.Combine(_spoolRoot, "incoming")).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(_spoolRoot, "studies")).Should().BeEmpty();
    }

    [Fact]
    public async Task OpenAsync_MoreAssociationsThanAllowed_TransientLocalLimitExceeded()
    {
        var port = Start(o => o.MaxAssociations = 1);
        PresentationContext[] echo = [new(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])];
        var first = await DicomAssociation.OpenAsync(Settings(port), echo, CancellationToken.None);

        var second = () => DicomAssociation.OpenAsync(Settings(port), [new(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])], CancellationToken.None);

        var rejected = (await second.Should().ThrowAsync<DicomNetworkException>()).Which;
        rejected.Message.Should().Contain("local limit exceeded (transient)");
        rejected.Transient.Should().BeTrue();
        await first.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OpenAsync_UnknownSopClassAndSyntax_ContextResultsThreeAndFour()
    {
        var port = Start();
        PresentationContext[] contexts =
        [
            new(1, "1.2.840.10008.5.1.4.1.2.2.1", [DimseUids.ImplicitVRLittleEndian]), // Study Root Q/R FIND: not a storage class
            new(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.100"]), // CT in MPEG2: not a syntax we read
            new(5, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.100", DimseUids.ImplicitVRLittleEndian]),
        ];

        var association = await DicomAssociation.OpenAsync(Settings(port), contexts, CancellationToken.None);
        await association.ReleaseAsync(CancellationToken.None);

        contexts.Select(c => c.Result).Should().Equal(3, 4, 0);
        contexts[2].AcceptedTransferSyntax.Should().Be(DimseUids.ImplicitVRLittleEndian);
    }

    [Fact]
    public async Task OpenAsync_SilentCaller_AbortedAfterTheDimseTimeout()
    {
        var log = new TimeoutLog();
        var port = Start(o => o.DimseTimeout = TimeSpan.FromMilliseconds(300), log);
        PresentationContext[] echo = [new(1, DimseUids.Verification, [DimseUids.ImplicitVRLittleEndian])];
        var association = await DicomAssociation.OpenAsync(Settings(port), echo, CancellationToken.None);

        // Wait for the receiver to say it gave up (not for a guessed time that a loaded machine may overrun).
        await log.TimedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var late = () => association.EchoAsync(CancellationToken.None);

        (await late.Should().ThrowAsync<DicomNetworkException>()).Which.Message.Should().ContainAny("aborted", "broke", "closed");
        await association.DisposeAsync();
    }

    [Fact]
    public void StorageSopClasses_FromTheRegistry_IncludeCtAndRetiredAndExcludeCommitment()
    {
        StorageSopClasses.Contains("1.2.840.10008.5.1.4.1.1.2").Should().BeTrue(); // CT Image Storage
        StorageSopClasses.Contains("1.2.840.10008.5.1.4.1.1.6").Should().BeTrue(); // Ultrasound Image Storage (retired)
        StorageSopClasses.Contains("1.2.840.10008.1.20.1").Should().BeFalse(); // Storage Commitment Push Model
        StorageSopClasses.Contains("1.2.840.10008.1.1").Should().BeFalse(); // Verification
        StorageSopClasses.Count.Should().BeGreaterThan(150);
    }

    private static AssociationSettings Settings(int port) =>
        new("127.0.0.1", port, "GATEWAY", "TESTSCU", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }

    private int Start(Action<DicomReceiverOptions>? configure = null, ILogger? logger = null)
    {
        var options = new DicomReceiverOptions { AeTitle = "GATEWAY", Port = 0, SpoolDirectory = _spoolRoot };
        configure?.Invoke(options);
        _spool = new DicomSpool(_spoolRoot, TimeProvider.System);
        _spool.Open();
        _scp = new StoreScp(options, _spool, ReceiverTls.Load(options), logger ?? NullLogger.Instance);
        _scp.Start();
        return _scp.Port;
    }

    /// <summary>Completes <see cref="TimedOut"/> when the receiver logs that a caller sent nothing for the DIMSE timeout.</summary>
    private sealed class TimeoutLog : ILogger
    {
        public TaskCompletionSource TimedOut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains("sent nothing", StringComparison.Ordinal))
            {
                TimedOut.TrySetResult();
            }
        }
    }
}
