using DicomPipeline.Web.Safety;

namespace DicomPipeline.Web.Endpoints;

/// <summary><c>/session</c>: signing in on the page with the key (a session cookie), asking whether one is signed in, signing out.</summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/session", (HttpRequest request, SessionStore sessions) =>
                Results.Ok(new SessionView(sessions.IsValid(request.Cookies[SessionStore.CookieName]))))
            .WithName("GetSession")
            .WithSummary("Whether this browser is signed in.")
            .Produces<SessionView>();
        app.MapPost("/session", SignInAsync)
            .DisableAntiforgery()
            .WithName("SignIn")
            .WithSummary("Form field key: the app's key (DicomPipeline:Web:ApiKey). Sets an HttpOnly session cookie.")
            .Produces<SessionView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapDelete("/session", (HttpContext context, SessionStore sessions) =>
            {
                sessions.Remove(context.Request.Cookies[SessionStore.CookieName]);
                context.Response.Cookies.Delete(SessionStore.CookieName, CookieOptions(context.Request));
                return Results.Ok(new SessionView(false));
            })
            .WithName("SignOut")
            .WithSummary("Ends this browser's session.")
            .Produces<SessionView>();
    }

    private static async Task<IResult> SignInAsync(HttpContext context, SessionStore sessions, WrongKeyThrottle throttle, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var candidate = request.HasFormContentType
            ? (await request.ReadFormAsync(cancellationToken)).TryGetValue("key", out var value) ? value.ToString() : null
            : null;
        switch (throttle.Attempt(context.Connection.RemoteIpAddress, candidate, out var wait))
        {
            case WrongKeyThrottle.Verdict.Locked:
                return WrongKeyThrottle.TooMany(wait, context);
            case WrongKeyThrottle.Verdict.Wrong:
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Wrong key",
                    detail: "That is not the app's key (DicomPipeline:Web:ApiKey; when none is configured, the app printed one to its console at start).");
        }

        // A browser-session cookie with no Expires: the server alone says when a session ends (SessionStore, from the
        // injected clock). An absolute expiry stamped from the server's clock would be judged by the browser's clock,
        // and when the two disagree the browser drops a session the server still holds, or keeps one it has ended.
        var token = sessions.Create();
        context.Response.Cookies.Append(SessionStore.CookieName, token, CookieOptions(request));
        return Results.Ok(new SessionView(true));
    }

    private static CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    /// <summary>The answer of the session endpoints.</summary>
    internal sealed record SessionView(bool SignedIn);
}
