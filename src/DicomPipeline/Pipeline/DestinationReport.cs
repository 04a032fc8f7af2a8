using DicomPipeline.Destinations;

namespace DicomPipeline.Pipeline;

/// <summary>How sending to one destination went, in <c>report.json</c>.</summary>
public sealed class DestinationReport
{
    /// <summary>The destination as shown to people (its address without credentials).</summary>
    public string Destination { get; init; } = string.Empty;

    /// <summary>Instances the destination confirmed it stored in this run.</summary>
    public int Sent { get; init; }

    /// <summary>Instances the destination already held; they were not sent again.</summary>
    public int AlreadyPresent { get; init; }

    /// <summary>Instances the destination answered and refused (e.g. a server's own filter).</summary>
    public int Refused { get; init; }

    /// <summary>Instances not sent or not confirmed (destination unreachable); running the same job again sends them.</summary>
    public int NotSent { get; init; }

    /// <summary>The first reason an instance was not sent, or <see langword="null"/> when every instance was.</summary>
    public string? Error { get; init; }

    /// <summary>Instances the destination stored but answered with a warning (e.g. DIMSE B000H, B006H, B007H); counted in <see cref="Sent"/>.</summary>
    public int Warnings { get; init; }

    /// <summary>
    /// The instances that did not arrive as asked: refused, not sent, or stored with a warning, with the reason, ordered by
    /// SOP Instance UID (the stored, de-identified one). At most 1,000 per destination, so a run's memory does not grow
    /// with its size; the counts above are always complete. Instances sent without remark are counted, not listed.
    /// </summary>
    public IReadOnlyList<DestinationOutcome> Instances { get; init; } = [];
}
