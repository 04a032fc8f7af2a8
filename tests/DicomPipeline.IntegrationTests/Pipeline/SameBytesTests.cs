using System.Security.Cryptography;
using DicomPipeline.IntegrationTests.RealFiles;
using DicomPipeline.IntegrationTests.Robustness;
using Xunit.Abstractions;

namespace DicomPipeline.IntegrationTests.Pipeline;

/// <summary>
/// Issue 26: reshaping the pipeline must not change one byte of what it writes. The console runs over the real files
/// and over seeded synthetic corpora in every uncompressed syntax, under the basic and the strict policy, on one worker
/// (so which of two duplicate instances is kept does not depend on timing), and every output file but report.json
/// (which holds the run's times) is hashed. The hashes are compared with <c>same-bytes.tsv</c>, recorded from the
/// build before the pipeline model changed (issue 26); a change to the anonymizer that changes bytes on purpose records
/// the file again (<c>DICOMPIPELINE_RECORD_SAME_BYTES=1</c>) and says why in its commit.
/// </summary>
[Collection(RealFilesTestsDefinition.Name)]
public sealed class SameBytesTests(RealFilesFixture fixture, ITestOutputHelper output)
{
    private const string Secret = "same-bytes-secret-5f0c9a7e2b4d4c1e8a3f6b9d0e2c4a71";

    private static readonly string GoldenPath = Path.Combine(ConsoleCli.RepositoryRoot, "tests", "DicomPipeline.IntegrationTests", "Pipeline", "same-bytes.tsv");

    [Fact]
    public async Task Run_RealFilesAndSynthesizedCorpora_WritesTheSameBytesAsBefore()
    {
        _ = fixture; // The fixture fetched the real files into its cache.
        var work = Path.Combine(Path.GetTempPath(), "dicompipeline-samebytes-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var lines = new List<string>();
            var inputs = new List<(string Name, string Folder)> { ("real", Path.Combine(RealFilesFixture.Cache, "files")) };
            foreach (var syntax in new[] { "explicit", "implicit", "bigendian", "deflated" })
            {
                var folder = Path.Combine(work, "synth-" + syntax);
                var synth = await ConsoleCli.RunAsync(["synth", "--out", folder, "--patients", "3", "--seed", "26", "--transfer-syntax", syntax]);
                synth.ExitCode.Should().Be(0, synth.ToString());
                inputs.Add(("synth-" + syntax, folder));
            }

            foreach (var (name, folder) in inputs)
            {
                foreach (var policy in new[] { "basic", "strict" })
                {
                    var outputFolder = Path.Combine(work, $"out-{name}-{policy}");
                    var run = await ConsoleCli.RunAsync(
                        ["run", "--input", folder, "--output", outputFolder, "--anonymize", "--policy", policy],
                        new Dictionary<string, string> { ["DicomPipeline__Anonymization__Secret"] = Secret, ["DicomPipeline__MaxParallelism"] = "1" },
                        timeout: TimeSpan.FromMinutes(5));
                    run.ExitCode.Should().BeOneOf([0, 2], run.ToString());
                    lines.AddRange(Hashes(outputFolder).Select(h => $"{name}-{policy}\t{h.Path}\t{h.Hash}"));
                }
            }

            var text = string.Join('\n', lines) + "\n";
            if (Environment.GetEnvironmentVariable("DICOMPIPELINE_RECORD_SAME_BYTES") == "1")
            {
                await File.WriteAllTextAsync(GoldenPath, text);
                output.WriteLine($"Recorded {lines.Count} hashes in {GoldenPath}.");
            }

            var expected = (await File.ReadAllLinesAsync(GoldenPath)).Where(l => l.Length > 0).ToList();
            lines.Should().HaveCountGreaterThan(100);
            lines.Except(expected).Should().BeEmpty("every output file must hash as it did before the pipeline was reshaped");
            expected.Except(lines).Should().BeEmpty("no output file may go missing");
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static IEnumerable<(string Path, string Hash)> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "report.json")
            .Select(f => (Path.GetRelativePath(folder, f).Replace('\\', '/'), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))))
            .OrderBy(h => h.Item1, StringComparer.Ordinal);
}
