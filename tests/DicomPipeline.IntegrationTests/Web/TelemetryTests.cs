using System.Diagnostics;
using System.Net;
using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// OpenTelemetry in the web sample: off unless <c>Telemetry:Exporter</c> says, and when on, a job's
/// <c>DicomPipeline</c> spans and metrics go through the OpenTelemetry pipeline (here into the in-memory exporter the test
/// adds beside the configured one).
/// </summary>
[Collection(WebTestsDefinition.Name)]
public sealed class TelemetryTests(WebFixture fixture)
{
    [Fact]
    public async Task Job_TelemetryOn_DicomPipelineSpansAndMetricsReachTheExporter()
    {
        var settings = fixture.Settings();
        settings["DicomPipeline:UploadToOrthanc"] = "false";
        settings["Telemetry:Exporter"] = "console";
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var app = new WebAppFactory(settings, services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });
        using var client = app.CreateClient();

        using var response = await WebRequests.PostUploadAsync(client, fixture.CorpusDirectory, "true");
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await WebRequests.WaitForJobAsync(client, (await WebRequests.JsonAsync(response)).GetProperty("statusUrl").GetString()!);
        job.GetProperty("state").GetString().Should().Be("succeeded", job.ToString());
        app.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();

        lock (spans)
        {
            spans.Should().Contain(span => span.Source.Name == "DicomPipeline" && span.OperationName == "DicomPipeline.Run");
            spans.Should().Contain(span => span.Source.Name == "Microsoft.AspNetCore", "requests are traced too");
        }

        lock (metrics)
        {
            metrics.Should().Contain(metric => metric.MeterName == "DicomPipeline" && metric.Name == "dicompipeline.files.stored");
        }
    }

    [Fact]
    public async Task Start_TelemetryNotConfigured_NoOpenTelemetryProvider()
    {
        await using var app = new WebAppFactory(fixture.Settings());
        using var client = app.CreateClient();

        app.Services.GetService<TracerProvider>().Should().BeNull();
        app.Services.GetService<MeterProvider>().Should().BeNull();
    }

    [Fact]
    public async Task Start_UnknownExporter_RefusedWithOneLine()
    {
        var settings = fixture.Settings();
        settings["Telemetry:Exporter"] = "zipkin";
        await using var app = new WebAppFactory(settings);

        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*Telemetry:Exporter*console*otlp*");
    }
}
