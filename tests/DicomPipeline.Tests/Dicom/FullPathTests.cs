using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public sealed class FullPathTests
{
    public static TheoryData<string> Paths =>
    [
        "/data/in/p000/st00/i00001.dcm",
        "/data/.hidden/x.dcm",
        "/data/..hidden/x.dcm",
        "/data/x..dcm",
        "/data/in/",
        "/",
        "/data//in/x.dcm",
        "/data/./in/x.dcm",
        "/data/in/../x.dcm",
        "/data/in/.",
        "/data/in/..",
        "/data/in/./",
        "relative/x.dcm",
        "./x.dcm",
        "../x.dcm",
        "x.dcm",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Of_AnyPath_IsWhatGetFullPathGives(string path)
    {
        FullPath.Of(path).Should().Be(Path.GetFullPath(path));
    }

    [Theory]
    [InlineData("/data/in/p000/st00/i00001.dcm", true)]
    [InlineData("/data/.hidden/x.dcm", true)]
    [InlineData("/data//in/x.dcm", false)]
    [InlineData("/data/./in/x.dcm", false)]
    [InlineData("/data/in/../x.dcm", false)]
    [InlineData("/data/in/.", false)]
    [InlineData("/data/in/..", false)]
    [InlineData("relative/x.dcm", false)]
    public void IsFullAndNormal_OnUnix_SkipsOnlyWhatGetFullPathLeavesAlone(string path, bool skipped)
    {
        FullPath.IsFullAndNormal(path).Should().Be(skipped && !OperatingSystem.IsWindows());
        if (FullPath.IsFullAndNormal(path))
        {
            FullPath.Of(path).Should().BeSameAs(path);
        }
    }
}
