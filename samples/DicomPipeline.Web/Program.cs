using System.Text.Json.Serialization;
using DicomPipeline.Csv;
using DicomPipeline.Web;
using DicomPipeline.Web.Endpoints;
using DicomPipeline.Web.Jobs;
using DicomPipeline.Web.Safety;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// The library: pipeline, CSV merger and Orthanc client, options from the "DicomPipeline" section.
builder.Services.AddDicomPipeline();
builder.Services.AddOptions<CsvMergeOptions>().BindConfiguration("DicomPipeline:Csv");
builder.Services.AddOptions<WebSampleOptions>().BindConfiguration(WebSampleOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<WebSampleOptions>, WebSampleOptionsValidator>();

// The sample's own parts: the folder guard, the job queue and the service that runs it.
builder.Services.AddSingleton<InputFolderGuard>();
builder.Services.AddSingleton<JobQueue>();
builder.Services.AddHostedService<JobRunner>();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

var app = builder.Build();

// The exception handler comes first and routing after it, so that every failure, routing's included, becomes a problem
// without a stack trace, in Development too (where the host would otherwise show the developer exception page).
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<SameOriginMiddleware>();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseRouting();

app.MapOpenApi();
app.MapUploadEndpoints();
app.MapJobEndpoints();
app.MapStudyEndpoints();
app.MapHealthEndpoints();

await app.RunAsync();
