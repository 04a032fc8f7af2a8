using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// The attacks of issue 16 over real HTTP: DNS rebinding (a foreign Host), requests without the key, framing and sniffing
/// (the headers), a start on a public address without a key, and where the app listens when nothing says.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class SecurityTests(WebFixture fixture)
{
    private static readonly string[] OpenRoutes = ["/health", "/session", "/openapi/{documentName}.json"];

    [Theory]
    [InlineData("GET", "/studies")]
    [InlineData("DELETE", "/studies?confirm=0")]
    [InlineData("GET", "/")]
    public async Task Request_WithAHostNotConfigured_Returns400(string method, string path)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = app.CreateKestrelClient(address);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Host = "evil.example:" + address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add("Origin", "http://evil.example:" + address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a rebound name is not one the app is configured for");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Request_WithALoopbackHost_IsServed(string host)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = app.CreateKestrelClient(address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = host + ":" + address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Post_WithAnOriginOfAnotherPort_Returns403()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = app.CreateKestrelClient(address);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/studies/anonymize-all");
        request.Headers.Add("Origin", "http://127.0.0.1:1");

        using var response = await client.SendAsync(request);

        await WebRequests.ProblemAsync(response, 403);
    }

    [Theory]
    [InlineData("https://dicom.example.org", 401)]
    [InlineData("https://evil.example", 403)]
    [InlineData("http://dicom.example.org", 403)]
    public async Task Post_BehindAProxy_OnlyTheConfiguredPublicOriginIsAccepted(string origin, int expected)
    {
        var settings = fixture.Settings();
        settings["AllowedHosts"] = "dicom.example.org;localhost";
        settings["DicomPipeline:Web:PublicOrigins:0"] = "https://dicom.example.org";
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session") { Content = new FormUrlEncodedContent([new("key", "wrong")]) };
        request.Headers.Host = "dicom.example.org";
        request.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(request);

        ((int)response.StatusCode).Should().Be(expected, "401 means the origin passed and only the key was wrong");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/app.css")]
    [InlineData("/health")]
    [InlineData("/studies")]
    [InlineData("/no-such-thing")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Header(response, "Content-Security-Policy").Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        Header(response, "Referrer-Policy").Should().Be("no-referrer");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/jobs")]
    [InlineData("/studies")]
    [InlineData("/health")]
    public async Task EveryPageAndApiAnswer_IsNotStored(string path)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = app.CreateKestrelClient(address);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.Headers.CacheControl?.NoStore.Should().BeTrue(path + " may carry patient or study data");
    }

    [Fact]
    public async Task HostFilterRefusal_CarriesTheSecurityHeaders()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData(9 * 1024)]
    [InlineData(30 * 1024)]
    public async Task RequestTargetTooLong_Is414WithTheSecurityHeaders(int length)
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        using var response = await client.GetAsync(new Uri("/studies?q=" + new string('a', length), UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
        AssertSecurityHeaders(response);
        var problem = await WebRequests.ProblemAsync(response, 414);
        problem.GetProperty("detail").GetString().Should().Be("The request's path and query may be at most 8192 characters.");
    }

    [Fact]
    public async Task RequestLineOverKestrelsLimit_IsKestrelsBare414_AsTheReadmeSays()
    {
        // Above 64 KiB Kestrel refuses the request line before any middleware exists for it: no hook can add the headers.
        // This pins the boundary the README describes; if Kestrel ever lets the app answer, this fails and the README changes.
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        using var response = await client.GetAsync(new Uri("/studies?q=" + new string('a', 65 * 1024), UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
        response.Headers.Contains("Content-Security-Policy").Should().BeFalse("Kestrel's own 414 is made before any middleware runs");
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty("an empty answer has nothing to frame, sniff or cache");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Header(response, "Content-Security-Policy").Should().Contain("frame-ancestors 'none'");
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        Header(response, "Referrer-Policy").Should().Be("no-referrer");
        response.Headers.CacheControl?.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task Page_HasNoInlineScriptOrStyle_SoTheCspHolds()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        html.Should().NotMatchRegex("<script(?![^>]*\\bsrc=)[^>]*>", "inline scripts are refused by the CSP");
        html.Should().NotContain("<style").And.NotContain(" style=").And.NotContain(" onclick=");
    }

    [Fact]
    public async Task EveryProtectedEndpoint_WithoutTheKey_Returns401()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var keyed = app.CreateClient();
        using var stranger = app.CreateClientWithoutKey();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Route: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => !OpenRoutes.Contains(e.Route))
            .ToList();
        endpoints.Select(e => e.Route).Should().Contain(["/upload-dicom", "/jobs/{id}", "/studies", "/studies/anonymize-all"]);

        foreach (var (method, route) in endpoints)
        {
            var path = route.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{name}", "report.json", StringComparison.Ordinal);
            foreach (var key in new string?[] { null, "wrong-key", WebFixture.ApiKey + "x", WebFixture.ApiKey[..^1] })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (key is not null)
                {
                    request.Headers.Add(WebAppFactory.ApiKeyHeader, key);
                }

                using var response = await stranger.SendAsync(request);
                ((int)response.StatusCode).Should().Be(401, $"{method} {path} with key '{key}' reads or changes patient data");
            }
        }

        using var health = await stranger.GetAsync(new Uri("/health", UriKind.Relative));
        health.StatusCode.Should().Be(HttpStatusCode.OK, "/health stays open");
        using var withKey = await keyed.GetAsync(new Uri("/jobs", UriKind.Relative));
        withKey.StatusCode.Should().Be(HttpStatusCode.OK, "the key opens them");
    }

    [Fact]
    public async Task Session_EnteringTheKeyOnThePage_SetsACookieThatOpensTheEndpoints()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = address };

        using (var wrong = await browser.PostAsync(new Uri("/session", UriKind.Relative), new FormUrlEncodedContent([new("key", "wrong")])))
        {
            await WebRequests.ProblemAsync(wrong, 401);
        }

        using (var before = await browser.GetAsync(new Uri("/jobs", UriKind.Relative)))
        {
            before.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var login = await browser.PostAsync(new Uri("/session", UriKind.Relative), new FormUrlEncodedContent([new("key", WebFixture.ApiKey)])))
        {
            login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
            var cookie = login.Headers.GetValues("Set-Cookie").Single();
            cookie.Should().Contain("httponly").And.Contain("samesite=strict", "the cookie is not sent on cross-site requests");
            cookie.Should().NotContain(WebFixture.ApiKey, "the cookie is a session, not the key");
        }

        using (var after = await browser.GetAsync(new Uri("/jobs", UriKind.Relative)))
        {
            after.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (await browser.DeleteAsync(new Uri("/session", UriKind.Relative)))
        {
        }

        using var loggedOut = await browser.GetAsync(new Uri("/jobs", UriKind.Relative));
        loggedOut.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:0")]
    [InlineData("urls", "http://*:0")]
    [InlineData("urls", "http://192.0.2.10:0")]
    public async Task Start_OnANonLoopbackAddressWithoutAKey_Refuses(string key, string value)
    {
        var settings = fixture.Settings();
        settings.Remove("DicomPipeline:Web:ApiKey");
        settings[key] = value;
        await using var app = new WebAppFactory(settings);

        var start = () => app.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("DicomPipeline:Web:ApiKey");
    }

    [Fact]
    public async Task Start_FromAnotherFolderWithHttpPortsSet_ListensOnLoopbackOnly()
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "DicomPipeline.Web.dll");
        var cwd = fixture.NewFolder("cwd");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = null;
        start.Environment["DicomPipeline__Web__ApiKey"] = WebFixture.ApiKey;
        start.Environment["DicomPipeline__Web__WorkDirectory"] = fixture.NewFolder("private");
        start.Environment["DicomPipeline__Output__Directory"] = fixture.NewFolder("output");
        using var process = Process.Start(start)!;
        var listening = new List<string>();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("Now listening on:", StringComparison.Ordinal))
                {
                    listening.Add(line);
                }

                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        listening.Should().NotBeEmpty(await process.StandardError.ReadToEndAsync());
        listening.Should().OnlyContain(line => line.Contains("http://127.0.0.1:", StringComparison.Ordinal), "ASPNETCORE_HTTP_PORTS alone would listen on every interface");
        listening.Should().NotContain(line => line.Contains(":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : string.Empty;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
