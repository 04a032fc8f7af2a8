using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Issue 27: the audit map (the re-identification map) and a job's outputs are for the app's user alone, 0600 files in
/// 0700 folders, whatever the umask the library created them under.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class OutputModesTests(WebFixture fixture)
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Job_Finished_AuditMapAndOutputsAreOwnerOnly()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        var audit = fixture.NewFolder("audit");
        settings["DicomPipeline:Output:AuditDirectory"] = audit;
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");
        post.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("outcome").GetString().Should().Be("succeeded", job.ToString());

        var output = job.GetProperty("result").GetProperty("outputDirectory").GetString()!;
        var jobAudit = Path.Combine(audit, job.GetProperty("jobId").GetString()!);
        File.Exists(Path.Combine(jobAudit, "audit.csv")).Should().BeTrue();
        foreach (var root in new[] { output, jobAudit })
        {
            File.GetUnixFileMode(root).Should().Be(OwnerFolder, root);
            var entries = new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();
            entries.Should().NotBeEmpty();
            foreach (var entry in entries)
            {
                entry.UnixFileMode.Should().Be(entry is DirectoryInfo ? OwnerFolder : OwnerFile, entry.FullName);
            }
        }
    }
}
