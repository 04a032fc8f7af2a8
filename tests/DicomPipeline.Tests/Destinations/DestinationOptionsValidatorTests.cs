using DicomPipeline.Destinations;

namespace DicomPipeline.Tests.Destinations;

public sealed class DestinationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://PACS@host:104" });

        result.Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("dicom://PACS@host:104", 0, "Parallelism must be between 1 and 64")]
    [InlineData("dicom://PACS@host:104", 65, "Parallelism must be between 1 and 64")]
    public void Validate_Parallelism_OutOfRange_Fails(string uri, int parallelism, string message)
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = uri, Parallelism = parallelism });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain(message);
    }

    [Fact]
    public void Validate_BadCallingAe_Fails()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://PACS@host", CallingAeTitle = "BACK\\SLASH" });

        result.FailureMessage.Should().Contain("CallingAeTitle");
    }

    [Fact]
    public void Validate_CredentialsOnDicom_Fails()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://PACS@host", Password = "x", Username = "u" });

        result.FailureMessage.Should().Contain("takes no username");
    }

    [Fact]
    public void Validate_PasswordWithoutUser_FailsWithoutShowingIt()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicomweb+http://host/dw", Password = "hunter2" });

        result.FailureMessage.Should().Contain("Password needs a Username").And.NotContain("hunter2");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Validate_BatchLimits_NotPositive_Fails(int batch, long bytes)
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicomweb+http://host/dw", BatchSize = batch, MaxBatchBytes = bytes });

        result.Failed.Should().BeTrue();
    }

    [Fact]
    public void Validate_ZeroTimeout_Fails()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://A@h", Timeout = TimeSpan.Zero });

        result.FailureMessage.Should().Contain("Timeout");
    }
}
