using DicomPipeline.Destinations;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>C-ECHO and C-STORE to Orthanc's DICOM port, which checks the called AE title.</summary>
public sealed class DimseOrthancTests
{
    [Fact]
    public async Task SendAsync_36Instances_LandCompleteAndAReRunAddsNothing()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();
        var destination = Create(orthanc.DicomUri());

        var first = await destination.SendAsync(orthanc.Instances);
        var second = await destination.SendAsync(orthanc.Instances);

        first.Should().HaveCount(36).And.OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent, string.Join("; ", first.Select(o => o.Reason)));
        second.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent || o.Kind == DestinationOutcomeKind.AlreadyPresent);
        (await orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task SendAsync_WrongCalledAe_OneLineNamingTheAeThenTheRightAeCompletes()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();

        var rejected = await Create(orthanc.DicomUri("NOTORTHANC")).SendAsync(orthanc.Instances);

        rejected.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused, "a permanent rejection is the same in a re-run");
        rejected[0].Reason.Should().Contain("rejected the association with called AE 'NOTORTHANC'")
            .And.Contain("called AE title not recognized").And.NotContain("\n");
        (await orthanc.CountInstancesAsync()).Should().Be(0);

        var retry = await Create(orthanc.DicomUri()).SendAsync(orthanc.Instances);

        retry.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        (await orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task EchoAsync_Orthanc_Succeeds()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();

        var echo = await Create(orthanc.DicomUri()).EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
    }

    private static IDicomDestination Create(string uri) =>
        new DicomDestinationFactory().Create(new DestinationOptions { Uri = uri, BatchSize = 36 });
}
