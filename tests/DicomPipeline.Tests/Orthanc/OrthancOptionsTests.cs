using DicomPipeline.Orthanc;

namespace DicomPipeline.Tests.Orthanc;

public sealed class OrthancOptionsTests
{
    [Fact]
    public void Defaults_Always_LocalOrthancThirtySecondsFourUploads()
    {
        var options = new OrthancOptions();

        options.BaseUrl.Should().Be("http://localhost:8042");
        options.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        options.UploadParallelism.Should().Be(4);
        options.Validate().Should().BeNull();
        OrthancOptions.SectionName.Should().Be("DicomPipeline:Orthanc");
    }

    [Theory]
    [InlineData("localhost:8042")]
    [InlineData("ftp://host/")]
    [InlineData("not a url")]
    public void ThrowIfInvalid_BadBaseUrl_Throws(string url)
    {
        var act = () => new OrthancOptions { BaseUrl = url }.ThrowIfInvalid();

        act.Should().Throw<ArgumentException>().WithMessage("*BaseUrl*");
    }

    [Fact]
    public void Validate_ZeroParallelism_NamesIt() =>
        new OrthancOptions { UploadParallelism = 0 }.Validate().Should().Contain("UploadParallelism");

    [Fact]
    public void GetDisplayUrl_CredentialsInAddress_Removed()
    {
        var options = new OrthancOptions { BaseUrl = "http://alice:secret@pacs.test:8042/orthanc" };

        options.GetDisplayUrl().Should().Be("http://pacs.test:8042/orthanc");
        options.GetBaseAddress().AbsoluteUri.Should().Be("http://pacs.test:8042/orthanc/");
        options.GetCredentials().Should().Be(("alice", "secret"));
    }

    [Fact]
    public void GetCredentials_UsernameSet_WinsOverAddress() =>
        new OrthancOptions { BaseUrl = "http://a:b@pacs.test", Username = "bob", Password = "pw" }.GetCredentials().Should().Be(("bob", "pw"));
}
