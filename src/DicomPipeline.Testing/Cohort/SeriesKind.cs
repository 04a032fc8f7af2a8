namespace DicomPipeline.Testing.Cohort;

/// <summary>A CT reconstruction: the n-th series of every study is the n-th kind, round the table.</summary>
internal sealed record SeriesKind(string Description, double Thickness, string Kernel)
{
    private static readonly SeriesKind[] Kinds =
    [
        new("AXIAL 5.0 SOFT TISSUE", 5.0, "B30f"),
        new("AXIAL 1.25 LUNG", 1.25, "B70f"),
        new("AXIAL 2.0 BONE", 2.0, "B60s"),
        new("AXIAL 3.0 STANDARD", 3.0, "B40f"),
    ];

    public static SeriesKind Of(int seriesIndex) => Kinds[seriesIndex % Kinds.Length];
}
