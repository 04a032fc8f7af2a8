using DicomPipeline.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DicomPipeline.Web;

/// <summary>
/// OpenTelemetry, off by default: with <c>Telemetry:Exporter</c> set to <c>console</c> or <c>otlp</c>, the library's
/// <c>DicomPipeline</c> spans and metrics and ASP.NET Core's request spans and metrics are exported there. The OTLP
/// exporter takes its address from the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>); the service name is <c>dicompipeline-web</c> unless <c>OTEL_SERVICE_NAME</c> says.
/// Nothing exported holds patient data: the library's tags are counts and flags, and the request instrumentation
/// redacts query strings (where <c>search=</c> and <c>path=</c> go) by default.
/// </summary>
internal static class Telemetry
{
    public const string ExporterKey = "Telemetry:Exporter";

    /// <summary>Registers OpenTelemetry when <see cref="ExporterKey"/> names an exporter; nothing at all otherwise.</summary>
    /// <exception cref="InvalidOperationException">The exporter is not one of console, otlp or none.</exception>
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var exporter = builder.Configuration[ExporterKey]?.Trim().ToUpperInvariant();
        Action<TracerProviderBuilder> exportSpans;
        Action<MeterProviderBuilder> exportMetrics;
        switch (exporter)
        {
            case null or "" or "NONE":
                return;
            case "CONSOLE":
                exportSpans = tracing => tracing.AddConsoleExporter();
                exportMetrics = metrics => metrics.AddConsoleExporter();
                break;
            case "OTLP":
                exportSpans = tracing => tracing.AddOtlpExporter();
                exportMetrics = metrics => metrics.AddOtlpExporter();
                break;
            default:
                throw new InvalidOperationException($"{ExporterKey} must be console, otlp or none (or left out: no telemetry), not '{builder.Configuration[ExporterKey]}'.");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "dicompipeline-web"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(DicomPipelineTelemetry.ActivitySourceName).AddAspNetCoreInstrumentation();
                exportSpans(tracing);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DicomPipelineTelemetry.MeterName).AddAspNetCoreInstrumentation();
                exportMetrics(metrics);
            });
    }
}
