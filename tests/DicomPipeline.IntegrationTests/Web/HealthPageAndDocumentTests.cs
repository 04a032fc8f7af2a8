using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary><c>GET /health</c>, the page, the OpenAPI document and problem details for unknown routes.</summary>
[Collection(WebTestsDefinition.Name)]
public sealed class HealthPageAndDocumentTests(WebFixture fixture)
{
    [Fact]
    public async Task Health_OrthancUp_IsHealthyWithItsVersion()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var health = await WebRequests.JsonAsync(response);
        health.GetProperty("status").GetString().Should().Be("healthy", health.ToString());
        health.GetProperty("orthanc").GetProperty("reachable").GetBoolean().Should().BeTrue();
        health.GetProperty("orthanc").GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        health.ToString().Should().NotContain(fixture.Orthanc.Password);
    }

    [Fact]
    public async Task Health_OrthancDown_IsDegradedAndSaysWhy()
    {
        var settings = fixture.SettingsWithOrthancDown();
        await using var app = new WebAppFactory(settings);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var health = await WebRequests.JsonAsync(response);
        health.GetProperty("status").GetString().Should().Be("degraded");
        health.GetProperty("app").GetString().Should().Be("running");
        health.GetProperty("orthanc").GetProperty("reachable").GetBoolean().Should().BeFalse();
        health.GetProperty("orthanc").GetProperty("error").GetString().Should().Contain("127.0.0.1:9");
    }

    [Fact]
    public async Task Page_HasTheThreeFieldsOfTheOriginalForm()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.Should().Contain("name=\"dir_path\"").And.Contain("name=\"anonymize_flag\"").And.Contain("name=\"csv_file\"").And.Contain("accept=\".csv\"");
        html.Should().NotContain("https://", "the page loads nothing from other sites");
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoints()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var path in new[] { "/upload-dicom", "/jobs/{id}", "/studies", "/studies/anonymize-all", "/health" })
        {
            document.Should().Contain($"\"{path}\"");
        }
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/no-such-thing", UriKind.Relative));

        await WebRequests.ProblemAsync(response, 404);
    }
}
