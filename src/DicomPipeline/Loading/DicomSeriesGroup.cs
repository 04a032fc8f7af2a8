namespace DicomPipeline.Loading;

/// <summary>The instances of one series.</summary>
/// <param name="SeriesInstanceUid">The SeriesInstanceUID (0020,000E); empty when absent.</param>
/// <param name="InstancePaths">The full paths of the instances, in ordinal order.</param>
public sealed record DicomSeriesGroup(string SeriesInstanceUid, IReadOnlyList<string> InstancePaths);
