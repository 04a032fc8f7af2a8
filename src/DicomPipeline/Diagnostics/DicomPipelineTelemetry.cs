namespace DicomPipeline.Diagnostics;

/// <summary>
/// The names OpenTelemetry (or any <c>MeterListener</c> / <c>ActivityListener</c>) collects the pipeline's telemetry by:
/// <c>AddMeter(DicomPipelineTelemetry.MeterName)</c> and <c>AddSource(DicomPipelineTelemetry.ActivitySourceName)</c>.
/// No tag ever carries patient data, a file or folder name, or a destination's credentials. docs/architecture.md lists
/// the instruments and spans.
/// </summary>
public static class DicomPipelineTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/>'s name.</summary>
    public const string MeterName = "DicomPipeline";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/>'s name.</summary>
    public const string ActivitySourceName = "DicomPipeline";
}
