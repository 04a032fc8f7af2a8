using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary><c>GET /studies</c>, <c>POST /studies/anonymize-all</c> and <c>DELETE /studies?token=</c> (a token from a dry run) on a server of their own.</summary>
[Collection(WebTestsDefinition.Name)]
public sealed class StudyEndpointTests(WebFixture fixture)
{
    [Fact]
    public async Task Studies_ListCopyAndDeleteWithTheCount_EmptiesTheServer()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        using var client = app.CreateClient();
        using (var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "false"))
        {
            var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
            job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        }

        var list = await GetStudiesAsync(client);
        list.GetProperty("count").GetInt32().Should().Be(3);
        var study = list.GetProperty("studies")[0];
        study.GetProperty("instanceCount").GetInt32().Should().Be(4);
        fixture.Corpus.PatientIds.Should().Contain(study.GetProperty("patientId").GetString(), "anonymize_flag=false uploads the originals");

        using (var copy = await client.PostAsync(new Uri("/studies/anonymize-all", UriKind.Relative), content: null))
        {
            copy.StatusCode.Should().Be(HttpStatusCode.OK, await copy.Content.ReadAsStringAsync());
            (await WebRequests.JsonAsync(copy)).GetProperty("counts").GetProperty("copied").GetInt32().Should().Be(3);
        }

        (await GetStudiesAsync(client)).GetProperty("count").GetInt32().Should().Be(6);

        using (var byCount = await client.DeleteAsync(new Uri("/studies?confirm=6", UriKind.Relative)))
        {
            (await WebRequests.ProblemAsync(byCount, 400)).GetProperty("detail").GetString().Should().Contain("token");
        }

        var token = await DryRunAsync(client, expectedCount: 6);
        using (var wrong = await client.DeleteAsync(new Uri("/studies?token=" + Guid.NewGuid().ToString("N"), UriKind.Relative)))
        {
            (await WebRequests.ProblemAsync(wrong, 400)).GetProperty("detail").GetString().Should().Contain("nothing was deleted");
        }

        (await GetStudiesAsync(client)).GetProperty("count").GetInt32().Should().Be(6);

        using (var delete = await client.DeleteAsync(new Uri("/studies?token=" + token, UriKind.Relative)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.OK, await delete.Content.ReadAsStringAsync());
            (await WebRequests.JsonAsync(delete)).GetProperty("counts").GetProperty("deleted").GetInt32().Should().Be(6);
        }

        using (var again = await client.DeleteAsync(new Uri("/studies?token=" + token, UriKind.Relative)))
        {
            await WebRequests.ProblemAsync(again, 400);
        }

        (await GetStudiesAsync(client)).GetProperty("count").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Studies_OrthancUnreachable_Return502Problems()
    {
        var settings = fixture.SettingsWithOrthancDown();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var list = await client.GetAsync(new Uri("/studies", UriKind.Relative));
        (await WebRequests.ProblemAsync(list, 502)).GetProperty("detail").GetString().Should().Contain("not reachable");
        using var dryRun = await client.PostAsync(new Uri("/studies/delete-all/dry-run", UriKind.Relative), content: null);
        await WebRequests.ProblemAsync(dryRun, 502);
    }

    [Fact]
    public async Task DeleteAll_TokenExpired_DeletesNothing()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        var settings = fixture.Settings(orthanc);
        settings["DicomPipeline:Web:DeleteTokenLifetime"] = "00:00:00.300";
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();
        await using var connection = DicomPipeline.Orthanc.OrthancConnection.Create(orthanc.ClientOptions());
        var files = Directory.EnumerateFiles(fixture.CorpusDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await connection.Client.UploadInstanceAsync(files[0]);

        var expired = await DryRunAsync(client, expectedCount: 1);
        await Task.Delay(600);
        using (var late = await client.DeleteAsync(new Uri("/studies?token=" + expired, UriKind.Relative)))
        {
            (await WebRequests.ProblemAsync(late, 400)).GetProperty("detail").GetString().Should().Contain("expired");
        }

        // A study arriving after the dry run is no reason to refuse any more: the token's studies alone are deleted
        // (DeleteAll_AStudyArrivesAfterTheDryRun_DeletesOnlyTheListedAndKeepsTheNewOne).
        (await GetStudiesAsync(client)).GetProperty("count").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task AnonymizeAll_WithoutSecret_Returns409()
    {
        var settings = fixture.Settings();
        settings.Remove("DicomPipeline:Anonymization:Secret");
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("/studies/anonymize-all", UriKind.Relative), content: null);

        (await WebRequests.ProblemAsync(response, 409)).GetProperty("detail").GetString().Should().Contain("DicomPipeline:Anonymization:Secret");
    }

    [Fact]
    public async Task Studies_SearchWithoutAccentsOrCaseAndAPagePastTheEnd_FindMullerAndAnswerTheLastPage()
    {
        var folder = Path.Combine(fixture.AllowedRoot, "accents-" + Guid.NewGuid().ToString("N")[..8]);
        var written = await new DicomPipeline.Testing.DicomCorpusSynthesizer(
            new DicomPipeline.Testing.SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8, Seed = 41 })
            .WriteAsync(Path.Combine(fixture.Root, "work", "accents-source-" + Guid.NewGuid().ToString("N")[..8]));
        var file = DicomPipeline.Dicom.DicomFile.Open(written.Files[0]);
        file.Dataset.SetString(DicomPipeline.Dicom.DicomTag.SpecificCharacterSet, "ISO_IR 192");
        file.Dataset.SetString(DicomPipeline.Dicom.DicomTag.PatientName, "Müller^Hans");
        Directory.CreateDirectory(folder);
        await file.SaveAsync(Path.Combine(folder, "muller.dcm"));

        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        using var client = app.CreateClient();
        foreach (var input in new[] { fixture.CorpusDirectory, folder })
        {
            using var post = await WebRequests.PostUploadAsync(client, input, "false");
            var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
            job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        }

        foreach (var search in new[] { "MULLER", "muller", "Müller" })
        {
            var found = await GetJsonAsync(client, "/studies?search=" + Uri.EscapeDataString(search));
            found.GetProperty("matching").GetInt32().Should().Be(1, search);
            found.GetProperty("studies")[0].GetProperty("patientName").GetString().Should().Be("Müller Hans");
        }

        var past = await GetJsonAsync(client, "/studies?page=99&pageSize=3");
        past.GetProperty("count").GetInt32().Should().Be(4);
        past.GetProperty("page").GetInt32().Should().Be(2, "a page past the end answers the last one");
        past.GetProperty("studies").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task DeleteAll_AStudyArrivesAfterTheDryRun_DeletesOnlyTheListedAndKeepsTheNewOne()
    {
        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        using var client = app.CreateClient();
        using (var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "false"))
        {
            await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
        }

        var token = await DryRunAsync(client, expectedCount: 3);
        using (var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true"))
        {
            await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
        }

        (await GetStudiesAsync(client)).GetProperty("count").GetInt32().Should().Be(6, "three de-identified studies arrived after the dry run");

        using (var delete = await client.DeleteAsync(new Uri("/studies?token=" + token, UriKind.Relative)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.OK, await delete.Content.ReadAsStringAsync());
            (await WebRequests.JsonAsync(delete)).GetProperty("counts").GetProperty("deleted").GetInt32().Should().Be(3);
        }

        var left = await GetStudiesAsync(client);
        left.GetProperty("count").GetInt32().Should().Be(3, "the studies that arrived after the dry run stay");
        left.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("patientId").GetString())
            .Should().NotIntersectWith(fixture.Corpus.PatientIds);
    }

    [Fact]
    public async Task Studies_AFileClaimingIdentityRemoved_IsNotDeIdentifiedButAJobOfThisAppIs()
    {
        var written = await new DicomPipeline.Testing.DicomCorpusSynthesizer(
            new DicomPipeline.Testing.SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 8, Columns = 8, Seed = 43 })
            .WriteAsync(Path.Combine(fixture.Root, "work", "claims-" + Guid.NewGuid().ToString("N")[..8]));
        var file = DicomPipeline.Dicom.DicomFile.Open(written.Files[0]);
        file.Dataset.SetString(DicomPipeline.Dicom.DicomTag.PatientIdentityRemoved, "YES");
        var claiming = Path.Combine(Path.GetDirectoryName(written.Files[0])!, "claims.dcm");
        await file.SaveAsync(claiming);

        await using var orthanc = await OrthancServer.StartAsync();
        await using var app = new WebAppFactory(fixture.Settings(orthanc));
        using var client = app.CreateClient();
        await using (var connection = DicomPipeline.Orthanc.OrthancConnection.Create(orthanc.ClientOptions()))
        {
            await connection.Client.UploadInstanceAsync(claiming);
        }

        var claimed = (await GetStudiesAsync(client)).GetProperty("studies")[0];
        claimed.GetProperty("claimsIdentityRemoved").GetBoolean().Should().BeTrue();
        claimed.GetProperty("deIdentified").GetBoolean().Should().BeFalse("the file only claims it; this app did not de-identify it");

        using (var post = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true"))
        {
            var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(post)).GetProperty("statusUrl").GetString()!);
            job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        }

        var studies = (await GetStudiesAsync(client)).GetProperty("studies").EnumerateArray().ToList();
        studies.Should().HaveCount(4);
        studies.Count(s => s.GetProperty("deIdentified").GetBoolean()).Should().Be(3, "the job's three studies were de-identified here");
    }

    private static async Task<System.Text.Json.JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await WebRequests.JsonAsync(response);
    }

    private static async Task<string> DryRunAsync(HttpClient client, int expectedCount)
    {
        using var response = await client.PostAsync(new Uri("/studies/delete-all/dry-run", UriKind.Relative), content: null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var listing = await WebRequests.JsonAsync(response);
        listing.GetProperty("count").GetInt32().Should().Be(expectedCount);
        return listing.GetProperty("token").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> GetStudiesAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/studies", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await WebRequests.JsonAsync(response);
    }
}
