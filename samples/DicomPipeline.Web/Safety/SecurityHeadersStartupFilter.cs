namespace DicomPipeline.Web.Safety;

/// <summary>
/// Puts <see cref="SecurityHeadersMiddleware"/> in front of the whole pipeline, the middleware the host adds by itself
/// (host filtering) included. Registered first among the startup filters, so its middleware is the outermost.
/// </summary>
internal sealed class SecurityHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        next(app);
    };
}
