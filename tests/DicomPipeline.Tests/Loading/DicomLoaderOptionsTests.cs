using DicomPipeline.Loading;

namespace DicomPipeline.Tests.Loading;

public sealed class DicomLoaderOptionsTests : IDisposable
{
    private readonly string _base = Path.Combine(Path.GetTempPath(), "dp-inside-" + Guid.NewGuid().ToString("N"));

    public DicomLoaderOptionsTests()
    {
        Root = Path.Combine(_base, "in");
        // A sibling whose name starts with the root's: a prefix test without a trailing separator would call it inside.
        Outside = Path.Combine(_base, "in-outside");
        Directory.CreateDirectory(Path.Combine(Root, "study"));
        Directory.CreateDirectory(Outside);
    }

    private string Root { get; }

    private string Outside { get; }

    public void Dispose()
    {
        if (Directory.Exists(_base))
        {
            Directory.Delete(_base, recursive: true);
        }
    }

    [Fact]
    public void IsInsideFolder_FolderItselfAndAFolderInside_AreInsideWithTheirRealPath()
    {
        DicomLoaderOptions.IsInsideFolder(Root, Root, out var self).Should().BeTrue();
        self.Should().Be(Root);
        DicomLoaderOptions.IsInsideFolder(Path.Combine(Root, "study") + "/", Root, out var inside).Should().BeTrue();
        inside.Should().Be(Path.Combine(Root, "study"));
    }

    [Fact]
    public void IsInsideFolder_SiblingWithTheSamePrefixOrDotDotOut_IsOutside()
    {
        DicomLoaderOptions.IsInsideFolder(Outside, Root, out var sibling).Should().BeFalse();
        sibling.Should().Be(Outside);
        DicomLoaderOptions.IsInsideFolder(Path.Combine(Root, "study", "..", "..", "in-outside"), Root, out var up).Should().BeFalse();
        up.Should().Be(Outside);
    }

    [Fact]
    public void IsInsideFolder_LinkInsideThatLeadsOut_IsOutsideByItsTarget()
    {
        var link = Path.Combine(Root, "study", "away");
        Directory.CreateSymbolicLink(link, Outside);

        DicomLoaderOptions.IsInsideFolder(link, Root, out var real).Should().BeFalse();
        real.Should().Be(Outside);
    }

    [Fact]
    public void IsInsideFolder_FolderGivenThroughALink_IsResolvedTheSameWay()
    {
        var alias = Path.Combine(_base, "alias");
        Directory.CreateSymbolicLink(alias, Root);

        DicomLoaderOptions.IsInsideFolder(Path.Combine(Root, "study"), alias, out var real).Should().BeTrue();
        real.Should().Be(Path.Combine(Root, "study"));
    }

    [Fact]
    public void IsInsideFolder_LoopOfLinks_IsOutsideWithNoRealPath()
    {
        var a = Path.Combine(Root, "a");
        var b = Path.Combine(Root, "b");
        Directory.CreateSymbolicLink(a, b);
        Directory.CreateSymbolicLink(b, a);

        DicomLoaderOptions.IsInsideFolder(Path.Combine(a, "x"), Root, out var real).Should().BeFalse();
        real.Should().BeEmpty();
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("")]
    public void IsInsideFolder_PathNotAbsolute_Throws(string path)
    {
        var act = () => DicomLoaderOptions.IsInsideFolder(path, Root, out _);

        act.Should().Throw<ArgumentException>();
    }
}
