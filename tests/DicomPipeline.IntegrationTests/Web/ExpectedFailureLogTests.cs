using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>Issue 27: an expected failure (a server down, a bad CSV) is one log line, never a stack trace.</summary>
[Collection(WebTestsDefinition.Name)]
public sealed class ExpectedFailureLogTests(WebFixture fixture)
{
    [Fact]
    public async Task Job_OrthancDownAndABadCsv_AreOneLineEachWithoutAStackTrace()
    {
        await using var app = new WebAppFactory(fixture.SettingsWithOrthancDown());
        using var client = app.CreateClient();

        using (var bad = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, csv: "OriginalPatientID,Arm\n\"unclosed,A\n"))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory);
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("outcome").GetString().Should().Be("succeededWithProblems", job.ToString());

        var lines = app.Logs.ToList();
        lines.Should().NotContain(line => line.Contains("   at ", StringComparison.Ordinal), "expected failures are logged without stack traces");
        lines.Where(line => line.Contains("not reached", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("12 files not sent").And.Contain("server unreachable");
    }
}
