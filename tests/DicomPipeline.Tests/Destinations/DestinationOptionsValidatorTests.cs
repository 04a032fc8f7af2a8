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
    public void Validate_InstancesPerAssociationZero_Fails()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://PACS@host:104", InstancesPerAssociation = 0 });

        result.FailureMessage.Should().Contain("InstancesPerAssociation must be at least 1");
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
    public void Validate_TlsSettingsOnAPlainDicomDestination_Fail()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom://PACS@host", TlsTrustedCertificates = "/etc/ssl/site-ca.pem" });

        result.FailureMessage.Should().Contain("dicom+tls:// destinations only");
    }

    [Fact]
    public void Validate_TlsClientCertificateWithoutKey_Fails()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom+tls://PACS@host", TlsClientCertificate = "/etc/ssl/me.pem" });

        result.FailureMessage.Should().Contain("TlsClientCertificate and TlsClientKey go together");
    }

    [Fact]
    public void Validate_TlsTrustedCertificatesMissingOrNotPem_FailNamingTheSettingAndFile()
    {
        var notPem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notPem, "not a certificate");
            var missing = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom+tls://PACS@host", TlsTrustedCertificates = notPem + ".absent" });
            var garbage = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom+tls://PACS@host", TlsTrustedCertificates = notPem });

            missing.FailureMessage.Should().Contain("TlsTrustedCertificates").And.Contain("does not exist");
            garbage.FailureMessage.Should().Contain("TlsTrustedCertificates").And.Contain(notPem).And.Contain("no PEM certificate");
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Fact]
    public void Validate_TlsWithTheMachinesRoots_Succeeds()
    {
        var result = new DestinationOptionsValidator().Validate(null, new DestinationOptions { Uri = "dicom+tls://PACS@host" });

        result.Succeeded.Should().BeTrue(result.FailureMessage);
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
