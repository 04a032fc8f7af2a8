using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Guessing the key over real HTTP: after <c>Web:MaxWrongKeys</c> wrong keys an address is answered 429 for the rest of
/// the window, the right key included; a session already given goes on; behind a proxy named in
/// <c>Web:TrustedProxies</c> its forwarded headers say the client and the scheme, and from anyone else they are ignored.
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class WrongKeyTests(WebFixture fixture)
{
    // The fake clock starts at the real time, far in the past and far in the future: the browser (here a real
    // CookieContainer) judges cookies by the real clock, so a cookie whose expiry came from the app's clock broke the
    // session whenever the two clocks disagreed (CI went red the day after a fixed start date).
    [Theory]
    [InlineData(0)]
    [InlineData(1980)]
    [InlineData(2199)]
    public async Task TenWrongKeys_ThenEveryKeyIs429UntilTheWindowPasses_AndASessionGivenBeforeGoesOn(int startYear)
    {
        var clock = new ManualClock(startYear);
        await using var app = new WebAppFactory(fixture.Settings(), services => services.AddSingleton<TimeProvider>(clock));
        var address = app.StartKestrel();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var signedIn = new HttpClient(handler) { BaseAddress = address };
        using var stranger = new HttpClient { BaseAddress = address };
        (await SignInAsync(signedIn, WebFixture.ApiKey)).Should().Be(HttpStatusCode.OK);

        for (var i = 0; i < 9; i++)
        {
            (await SignInAsync(stranger, "wrong-" + i)).Should().Be(HttpStatusCode.Unauthorized);
        }

        (await GetJobsAsync(stranger, "wrong-header")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a wrong X-Api-Key counts too");
        (await SignInAsync(stranger, WebFixture.ApiKey)).Should().Be((HttpStatusCode)429, "the right key after ten wrong ones waits");
        using (var locked = await GetJobsAsync(stranger, WebFixture.ApiKey))
        {
            locked.StatusCode.Should().Be((HttpStatusCode)429);
            locked.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        }

        using (var session = await signedIn.GetAsync(new Uri("/jobs", UriKind.Relative)))
        {
            session.StatusCode.Should().Be(HttpStatusCode.OK, "a session given before is not a key guess");
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        (await SignInAsync(stranger, WebFixture.ApiKey)).Should().Be(HttpStatusCode.OK, "the window has passed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1980)]
    [InlineData(2199)]
    public async Task ASession_EndsByTheAppsClockAlone_AndItsCookieCarriesNoExpiry(int startYear)
    {
        var clock = new ManualClock(startYear);
        await using var app = new WebAppFactory(fixture.Settings(), services => services.AddSingleton<TimeProvider>(clock));
        var address = app.StartKestrel();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = address };

        using (var signIn = await SignInResponseAsync(client, WebFixture.ApiKey))
        {
            signIn.StatusCode.Should().Be(HttpStatusCode.OK);
            signIn.Headers.GetValues("Set-Cookie").Single().Should().NotContainEquivalentOf("expires", "the browser's clock must not decide");
        }

        clock.Advance(TimeSpan.FromHours(11));
        using (var during = await client.GetAsync(new Uri("/jobs", UriKind.Relative)))
        {
            during.StatusCode.Should().Be(HttpStatusCode.OK, "the session lasts twelve hours by the app's clock");
        }

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using (var after = await client.GetAsync(new Uri("/jobs", UriKind.Relative)))
        {
            after.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the server ends the session though the browser still sends the cookie");
        }
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedPeer_IsIgnored_SoAGuesserCannotChangeItsAddress()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        for (var i = 0; i < 10; i++)
        {
            (await SignInAsync(client, "wrong-" + i, forwardedFor: $"203.0.113.{i}")).Should().Be(HttpStatusCode.Unauthorized);
        }

        (await SignInAsync(client, WebFixture.ApiKey, forwardedFor: "203.0.113.200")).Should().Be((HttpStatusCode)429);
    }

    [Fact]
    public async Task BehindATrustedProxy_CountsPerClientAndMarksTheCookieSecureOverHttps()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:Web:TrustedProxies:0"] = "127.0.0.1";
        await using var app = new WebAppFactory(settings);
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        for (var i = 0; i < 10; i++)
        {
            (await SignInAsync(client, "wrong-" + i, forwardedFor: "203.0.113.7")).Should().Be(HttpStatusCode.Unauthorized);
        }

        (await SignInAsync(client, WebFixture.ApiKey, forwardedFor: "203.0.113.7")).Should().Be((HttpStatusCode)429);
        using var other = await SignInResponseAsync(client, WebFixture.ApiKey, forwardedFor: "203.0.113.8", forwardedProto: "https");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another client behind the same proxy is not locked out");
        other.Headers.GetValues("Set-Cookie").Single().Should().Contain("secure", "the proxy said the browser spoke HTTPS");
    }

    [Fact]
    public async Task ForwardedProto_WithoutATrustedProxy_DoesNotMakeTheCookieSecure()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        using var response = await SignInResponseAsync(client, WebFixture.ApiKey, forwardedProto: "https");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Single().Should().NotContain("secure");
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string key, string? forwardedFor = null)
    {
        using var response = await SignInResponseAsync(client, key, forwardedFor);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SignInResponseAsync(HttpClient client, string key, string? forwardedFor = null, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/session") { Content = new FormUrlEncodedContent([new("key", key)]) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetJobsAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        request.Headers.Add(WebAppFactory.ApiKeyHeader, key);
        return client.SendAsync(request);
    }

    /// <summary>A clock the test moves; it starts now (year 0) or at noon on 1 June of the given year.</summary>
    private sealed class ManualClock(int startYear) : TimeProvider
    {
        private DateTimeOffset _now = startYear == 0 ? DateTimeOffset.UtcNow : new(startYear, 6, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
