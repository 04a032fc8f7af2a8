using DicomPipeline.Testing.Cohort;

namespace DicomPipeline.Testing.Modules;

/// <summary>
/// One instance to build: its patient, study, place in the series, image size, and the values several modules
/// derive from them. <see cref="Random"/> is the corpus's generator: a builder that draws from it must keep its place
/// in the order of the builders, or every later value of the corpus changes.
/// </summary>
internal sealed record InstanceContext(
    Random Random,
    SyntheticPatient Patient,
    SyntheticStudy Study,
    int SeriesIndex,
    int InstanceIndex,
    int InstancesPerSeries,
    int Rows,
    int Columns)
{
    public SeriesKind SeriesKind => SeriesKind.Of(SeriesIndex);

    public string SeriesInstanceUid => Study.SeriesUids[SeriesIndex];

    public string SopInstanceUid => Study.SopInstanceUids[SeriesIndex][InstanceIndex];

    /// <summary>Series start a minute after the study and four minutes apart.</summary>
    public TimeOnly SeriesTime => Study.Time.Add(TimeSpan.FromMinutes(1 + (4 * SeriesIndex)));

    /// <summary>Slices are acquired half a second apart.</summary>
    public TimeOnly AcquisitionTime => SeriesTime.Add(TimeSpan.FromMilliseconds(500 * InstanceIndex));

    /// <summary>An image is reconstructed twenty seconds after it is acquired.</summary>
    public TimeOnly ContentTime => AcquisitionTime.Add(TimeSpan.FromSeconds(20));

    /// <summary>Square pixels spanning a 350 mm field of view.</summary>
    public double PixelSpacing => Math.Round(350.0 / Math.Max(Rows, Columns), 6);

    /// <summary>The table position of the slice: slices step down from the study's start by the slice thickness.</summary>
    public double SliceLocation => Study.TableStart - (InstanceIndex * SeriesKind.Thickness);
}
