using System.Text.Json.Serialization;
using DicomPipeline.Csv;
using DicomPipeline.Loading;
using DicomPipeline.Web;
using DicomPipeline.Web.Endpoints;
using DicomPipeline.Web.Jobs;
using DicomPipeline.Web.Safety;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// Loopback only unless addresses are configured; beyond loopback only with a key.
ListenAddresses.Apply(builder);

// A request's Host must be a name the app is configured for (DNS rebinding): the loopback names unless AllowedHosts says.
// The security headers on every answer, the host filter's 400 and the app's 414 included: the first startup filter's
// middleware runs before all others. Kestrel's request-line limit is raised so that the app, not Kestrel, says 414.
builder.Services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, SecurityHeadersStartupFilter>());
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = SecurityHeadersMiddleware.KestrelRequestLineLimit);

var allowedHosts = builder.Configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
builder.Services.Configure<HostFilteringOptions>(options =>
    options.AllowedHosts = allowedHosts is { Length: > 0 } ? allowedHosts : ListenAddresses.LoopbackHosts);

// The library: pipeline, CSV merger and Orthanc client, options from the "DicomPipeline" section. Two of its services are
// wrapped: the CSV merger keeps the table the upload checked for the job, the loader says when the folder walk ends.
// Jobs may run without de-identifying, so the app starts without a secret; a job or chore that needs one says so.
builder.Services.AddDicomPipeline(o => o.RequireSecret = false).AddOrthanc();

// A job's folder is checked when it is posted and read later: the walk re-checks every folder and file as it opens them,
// so one swapped for a link out of the allowed roots in between is refused, not read.
builder.Services.PostConfigure<DicomPipeline.Pipeline.DicomPipelineOptions>(o => o.Loader.ConfineToFolder = true);
builder.Services.Decorate<ICsvLookupTableLoader>((_, library) => new PreparedCsvMerger(library));
builder.Services.AddSingleton(sp => (PreparedCsvMerger)sp.GetRequiredService<ICsvLookupTableLoader>());
builder.Services.Decorate<IDicomLoader>((_, library) => new WalkTrackingLoader(library));
builder.Services.AddOptions<CsvMergeOptions>().BindConfiguration("DicomPipeline:Csv");
builder.Services.AddOptions<WebSampleOptions>().BindConfiguration(WebSampleOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<WebSampleOptions>, WebSampleOptionsValidator>();

// The sample's own parts: access, the folder guard, the private workspace, the job queue and the service that runs it.
builder.Services.AddSingleton<ApiKeyCheck>();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<WrongKeyThrottle>();
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton<DeleteTokens>();
builder.Services.AddSingleton<InputFolderGuard>();
builder.Services.AddSingleton<PrivateWorkspace>();
builder.Services.AddSingleton<JobStore>();
builder.Services.AddSingleton<JobQueue>();
builder.Services.AddSingleton<ConfiguredDestinations>();
builder.Services.AddSingleton<OutputRetention>();
builder.Services.AddHostedService<JobRunner>();

// OpenTelemetry for the library's Meter and ActivitySource and for the requests, off unless Telemetry:Exporter says.
builder.AddTelemetry();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

var app = builder.Build();

var key = app.Services.GetRequiredService<ApiKeyCheck>();
if (key.IsGenerated)
{
    // Printed, not logged: log files and collectors should never hold it. It changes at every start.
    Console.WriteLine($"No DicomPipeline:Web:ApiKey is configured; this run's key is {key.Key} (enter it on the page, or send it as X-Api-Key).");
}

// The headers come first (SecurityHeadersStartupFilter); then the exception handler and routing after it, so that every
// failure, routing's included, becomes a problem without a stack trace, in Development too.
// Behind a reverse proxy named in Web:TrustedProxies, its X-Forwarded-For and -Proto say the client's address and
// scheme (for the wrong-key count and the cookie's Secure flag); from anyone else, and by default, they are ignored.
var proxies = app.Services.GetRequiredService<IOptions<WebSampleOptions>>().Value.Web.TrustedProxies;
if (proxies.Count > 0)
{
    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
    forwarded.KnownProxies.Clear();
    forwarded.KnownIPNetworks.Clear();
    foreach (var proxy in proxies)
    {
        forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    }

    app.UseForwardedHeaders(forwarded);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<SameOriginMiddleware>();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseMiddleware<AccessMiddleware>();
app.UseRouting();

app.MapOpenApi();
app.MapSessionEndpoints();
app.MapUploadEndpoints();
app.MapJobEndpoints();
app.MapFolderEndpoints();
app.MapStudyEndpoints();
app.MapHealthEndpoints();

await app.RunAsync();
