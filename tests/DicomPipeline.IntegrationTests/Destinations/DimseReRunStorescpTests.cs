using DicomPipeline.Dicom;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.Pipeline;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// A re-run to a <c>dicom://</c> destination sends only what the peer did not confirm: the pipeline runs twice to DCMTK's
/// storescp, which writes every reception to a file of its own (<c>+uf</c>), so an instance sent twice shows as two files.
/// </summary>
[Collection(DcmtkTestsDefinition.Name)]
public sealed class DimseReRunStorescpTests : IDisposable
{
    private const string Secret = "rerun-secret-4b1e9d7c2a6f4830-9c5e1b7d3f";
    private const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>A storescp profile that accepts CT Image Storage (and C-ECHO) only, uncompressed.</summary>
    private const string CtOnlyConfiguration = """
        [[TransferSyntaxes]]
        [Uncompressed]
        TransferSyntax1 = LocalEndianExplicit
        TransferSyntax2 = LittleEndianImplicit

        [[PresentationContexts]]
        [CtOnly]
        PresentationContext1 = VerificationSOPClass\Uncompressed
        PresentationContext2 = CTImageStorage\Uncompressed

        [[Profiles]]
        [CtOnly]
        PresentationContexts = CtOnly

        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dimse-rerun-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Input => Path.Combine(_root.FullName, "in");

    private string Output => Path.Combine(_root.FullName, "out");

    [Fact]
    public async Task Run_PeerRefusedSomeThenAcceptsAll_ReRunSendsOnlyTheMissingAndNoneTwice()
    {
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 3 }).WriteAsync(Input);
        Directory.CreateDirectory(Path.Combine(Input, "mr"));
        File.Copy(Path.Combine(PydicomTestFiles, "MR_small.dcm"), Path.Combine(Input, "mr", "MR_small.dcm"));
        var config = Path.Combine(_root.FullName, "ct-only.cfg");
        await File.WriteAllTextAsync(config, CtOnlyConfiguration);
        var port = OrthancServer.FreePort();

        PipelineResult first;
        List<string> firstReceived;
        await using (var ctOnly = await StorescpServer.StartOnAsync(port, ["-xf", config, "CtOnly"], "+uf"))
        {
            first = await RunAsync(ctOnly.Uri);
            firstReceived = await ReceivedUidsAsync(ctOnly.Folder);
        }

        first.Report.Destinations.Should().ContainSingle().Which.Sent.Should().Be(corpus.Files.Count);
        firstReceived.Should().HaveCount(corpus.Files.Count).And.OnlyHaveUniqueItems();

        await using var all = await StorescpServer.StartOnAsync(port, ["+xa"], "+uf");
        var second = await RunAsync(all.Uri);
        var secondReceived = await ReceivedUidsAsync(all.Folder);

        second.Report.Destinations[0].Sent.Should().Be(1);
        second.Report.Destinations[0].AlreadyPresent.Should().Be(corpus.Files.Count, "what the peer confirmed in the first run is in the sent record");
        secondReceived.Should().ContainSingle("only the instance refused before is sent again");
        firstReceived.Concat(secondReceived).Should().OnlyHaveUniqueItems().And.HaveCount(corpus.Files.Count + 1);
        first.Report.Destinations[0].Refused.Should().Be(1, "the peer refused the MR image's SOP class: the same run again would fail again, so no re-run hint");
        Directory.GetFiles(Output, "sent.*.txt").Should().NotBeEmpty("the record is kept in the store's output folder");
    }

    private async Task<PipelineResult> RunAsync(string uri)
    {
        using var job = DicomPipelineBuilder.Create()
            .LoadFrom(Input)
            .Anonymize(o => o.Secret = Secret)
            .SaveTo(Output)
            .SendTo(uri)
            .Build();
        return await job.RunAsync();
    }

    /// <summary>The SOP Instance UID of every file storescp wrote, one per reception.</summary>
    private static async Task<List<string>> ReceivedUidsAsync(string folder)
    {
        var uids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var dicom = await DicomFile.OpenAsync(file, new DicomReadOptions { StopBeforePixelData = true });
            uids.Add(dicom.Dataset.GetString(DicomTag.SOPInstanceUID)!);
        }

        return uids;
    }
}
