using System.Diagnostics;
using System.Text.Json;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Robustness;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>
/// Issue 25: a warning status from the peer (here B007H, data set does not match SOP class, from a dcmjs-dimse SCP that
/// answers it to every C-STORE) is shown on the console, not only in report.json: the instances count as sent, and a
/// line on stderr says how many were stored with a warning and which status.
/// </summary>
public sealed class DimseWarningConsoleTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dimse-warning-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Run_PeerAnswersB007_ConsoleSaysStoredWithAWarning()
    {
        var input = Path.Combine(_root.FullName, "in");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, InstancesPerSeries = 3 }).WriteAsync(input);
        var port = OrthancServer.FreePort();
        var script = Path.Combine(_root.FullName, "warn-scp.js");
        await File.WriteAllTextAsync(script, $$"""
            const { Server, Scp, responses: { CEchoResponse, CStoreResponse }, constants: { Status, PresentationContextResult } } = require({{JsonSerializer.Serialize(NpmPeer.ModuleDirectory("dcmjs-dimse"))}});
            class WarnScp extends Scp {
              associationRequested(association) {
                for (const c of association.getPresentationContexts()) {
                  const context = association.getPresentationContext(c.id);
                  context.setResult(PresentationContextResult.Accept, context.getTransferSyntaxUids()[0]);
                }
                this.sendAssociationAccept();
              }
              cEchoRequest(request, callback) { const r = CEchoResponse.fromRequest(request); r.setStatus(Status.Success); callback(r); }
              cStoreRequest(request, callback) { const r = CStoreResponse.fromRequest(request); r.setStatus(0xB007); callback(r); }
              associationReleaseRequested() { this.sendAssociationReleaseResponse(); }
            }
            const server = new Server(WarnScp);
            server.listen({{port}});
            console.log('listening');
            """);
        using var peer = Process.Start(new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            (await peer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be("listening");

            var run = await ConsoleCli.RunAsync(["run", "--input", input, "--output", Path.Combine(_root.FullName, "out"), "--destination", $"dicom://WARNSCP@127.0.0.1:{port}"]);

            run.ExitCode.Should().Be(0, run.ToString());
            run.StandardOutput.Should().Contain($"{corpus.Files.Count} sent, 0 already there, 0 refused, 0 not sent.", run.ToString());
            run.ErrorLines.Should().ContainSingle(l => l.StartsWith("warning: dicom://WARNSCP@127.0.0.1", StringComparison.Ordinal) && l.Contains($"{corpus.Files.Count} instance(s) stored with a warning", StringComparison.Ordinal) && l.Contains("B007H", StringComparison.Ordinal), run.ToString());
        }
        finally
        {
            peer.Kill(entireProcessTree: true);
        }
    }
}
