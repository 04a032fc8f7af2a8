using DicomPipeline.Destinations;
using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Storage;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>C-ECHO and C-STORE to DCMTK's storescp: what it receives and writes, as dcmdump shows it, is what was sent.</summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DimseStorescpTests(SynthesizedCorpusFixture corpus) : IAsyncLifetime
{
    private StorescpServer? _server;

    private StorescpServer Server => _server!;

    /// <summary>The corpus syntaxes, plus two encapsulated ones made from the explicit corpus by dcmcrle and dcmcjpeg.</summary>
    public static TheoryData<string> SyntaxNames => new([.. SynthesizedCorpusFixture.Syntaxes.Keys, "rle", "jpeg-lossless"]);

    public async Task InitializeAsync() => _server = await StorescpServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task EchoAsync_Storescp_Succeeds()
    {
        var echo = await Destination().EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
        echo.Message.Should().Contain($"C-ECHO to {Server.Uri} succeeded");
    }

    [Theory]
    [MemberData(nameof(SyntaxNames))]
    public async Task SendAsync_EverySyntaxWeRead_StorescpReceivesTheSameDataset(string syntax)
    {
        var instances = await FilesAsync(syntax);

        var outcomes = await Destination().SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent, string.Join("; ", outcomes.Select(o => o.Reason)));
        foreach (var instance in instances)
        {
            var received = Server.ReceivedFile(instance.SopInstanceUid);
            received.Should().NotBeNull($"storescp should have written {instance.SopInstanceUid}");
            var sentDump = await DatasetDumpAsync(instance.FullPath);
            var receivedDump = await DatasetDumpAsync(received!);
            var differences = receivedDump.Zip(sentDump).Where(p => p.First != p.Second).Select(p => $"received {p.First} / sent {p.Second}").Take(3);
            receivedDump.Should().Equal(sentDump, $"{instance.RelativePath} in {syntax}: {string.Join(" | ", differences)}");
        }
    }

    [Fact]
    public async Task SendAsync_SameSyntaxAccepted_BytesPassThroughUnchanged()
    {
        var instances = await FilesAsync("explicit");

        await Destination().SendAsync(instances);

        foreach (var instance in instances)
        {
            var received = await DicomFile.OpenAsync(Server.ReceivedFile(instance.SopInstanceUid)!);
            received.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
            Tail(await File.ReadAllBytesAsync(Server.ReceivedFile(instance.SopInstanceUid)!), instance.FullPath)
                .Should().BeTrue($"{instance.RelativePath} should arrive byte for byte");
        }
    }

    [Fact]
    public async Task SendAsync_FourParallelAssociations_EveryInstanceLands()
    {
        var instances = (await FilesAsync("explicit")).Concat(await FilesAsync("implicit")).ToList();

        var outcomes = await Destination(parallelism: 4).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        instances.Should().OnlyContain(i => Server.ReceivedFile(i.SopInstanceUid) != null);
    }

    private IDicomDestination Destination(int parallelism = 2) =>
        new DicomDestinationFactory().Create(new DestinationOptions { Uri = Server.Uri, Parallelism = parallelism });

    /// <summary>The dataset part of dcmdump's output, without the line naming the transfer syntax.</summary>
    private static async Task<List<string>> DatasetDumpAsync(string path)
    {
        var result = await DcmtkTools.DumpAsync(path);
        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal));
        // A private element read from implicit VR shows as "??"; sent in explicit VR it is UN (PS3.5 6.2.2): the same value.
        return lines.Skip(start + 1)
            .Where(l => !l.StartsWith("# Used TransferSyntax", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^(\s*\([0-9a-f]{4},[0-9a-f]{4}\)) \?\? ", "$1 UN "))
            .ToList();
    }

    private static bool Tail(byte[] received, string sentPath)
    {
        var sent = File.ReadAllBytes(sentPath);
        var sentDataset = sent.AsSpan(DatasetOffset(sent));
        return received.AsSpan(DatasetOffset(received)).SequenceEqual(sentDataset);
    }

    private static int DatasetOffset(byte[] bytes)
    {
        var offset = 132;
        while (BitConverter.ToUInt16(bytes, offset) == 0x0002)
        {
            var vr = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 2);
            offset += vr is "OB" or "UN" or "SQ" or "UT" ? 12 + (int)BitConverter.ToUInt32(bytes, offset + 8) : 8 + BitConverter.ToUInt16(bytes, offset + 6);
        }

        return offset;
    }

    /// <summary>The corpus in <paramref name="syntax"/> as stored instances; the encapsulated ones converted by DCMTK first.</summary>
    private async Task<IReadOnlyList<StoredInstance>> FilesAsync(string syntax)
    {
        IReadOnlyList<string> paths;
        if (SynthesizedCorpusFixture.Syntaxes.ContainsKey(syntax))
        {
            paths = corpus.Corpus(syntax).Files;
        }
        else
        {
            var folder = corpus.NewFolder(syntax);
            var converted = new List<string>();
            foreach (var file in corpus.Corpus("explicit").Files)
            {
                var output = Path.Combine(folder, Path.GetFileName(file));
                var result = syntax == "rle"
                    ? await ProcessRunner.RunAsync(DcmtkTools.Find("dcmcrle"), [file, output])
                    : await ProcessRunner.RunAsync(DcmtkTools.Find("dcmcjpeg"), ["+e1", file, output]);
                result.ExitCode.Should().Be(0, result.ToString());
                converted.Add(output);
            }

            paths = converted;
        }

        return await StoredInstances.FromFilesAsync(paths);
    }
}
