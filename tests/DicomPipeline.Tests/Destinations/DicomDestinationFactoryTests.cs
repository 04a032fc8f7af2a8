using DicomPipeline.Destinations;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Destinations;

public sealed class DicomDestinationFactoryTests
{
    [Theory]
    [InlineData("dicom://PACS@pacs.example:11112", "dicom://PACS@pacs.example:11112")]
    [InlineData("dicom://PACS@pacs.example", "dicom://PACS@pacs.example:104")]
    [InlineData("dicom+tls://PACS@pacs.example", "dicom+tls://PACS@pacs.example:2762")]
    [InlineData("DICOM+TLS://PACS@pacs.example:11113", "dicom+tls://PACS@pacs.example:11113")]
    [InlineData("dicomweb+http://user:secret@host:8042/dicom-web/", "dicomweb+http://host:8042/dicom-web")]
    [InlineData("dicomweb+https://host/dicomweb", "dicomweb+https://host/dicomweb")]
    public void Create_KnownScheme_DisplayNameWithoutCredentials(string uri, string display)
    {
        var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = uri });

        destination.DisplayName.Should().Be(display);
    }

    [Fact]
    public void Create_OrthancScheme_IsTheOrthancRestClientAtTheAddressWithoutThePrefix()
    {
        var destination = new DicomDestinationFactory().Create(new DestinationOptions { Uri = "orthanc+http://127.0.0.1:8042", Username = "user", Password = "secret" });

        destination.Should().BeOfType<OrthancDestination>();
        destination.DisplayName.Should().Be("http://127.0.0.1:8042");
        ((IDisposable)destination).Dispose();
    }

    [Theory]
    [InlineData("http://host/", "is not a URI of the form")]
    [InlineData("dicom://host:104", "needs a called AE title")]
    [InlineData("dicom://WAYTOOLONGAETITLE17@host:104", "needs a called AE title")]
    [InlineData("", "empty")]
    public void Create_BadUri_ArgumentExceptionSaysWhy(string uri, string message)
    {
        var act = () => new DicomDestinationFactory().Create(new DestinationOptions { Uri = uri });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Create_BadUriWithPassword_MessageHidesThePassword()
    {
        var act = () => new DicomDestinationFactory().Create(new DestinationOptions { Uri = "ftp://user:hunter2@host/" });

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("hunter2");
    }

    [Fact]
    public void Create_NullOptions_Throws()
    {
        var act = () => new DicomDestinationFactory().Create(null!);

        act.Should().Throw<ArgumentNullException>();
    }
}
