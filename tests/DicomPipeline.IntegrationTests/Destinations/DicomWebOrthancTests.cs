using DicomPipeline.Destinations;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>STOW-RS and QIDO-RS against Orthanc's DICOMweb plugin (Debian's orthanc-dicomweb).</summary>
public sealed class DicomWebOrthancTests
{
    [Fact]
    public async Task SendAsync_36Instances_LandCompleteAndAReRunSendsNothing()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();
        var destination = Create(orthanc, orthanc.Server.Password);

        var first = await destination.SendAsync(orthanc.Instances);
        var afterFirst = await orthanc.CountInstancesAsync();
        var second = await destination.SendAsync(orthanc.Instances);

        first.Should().HaveCount(36).And.OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent, string.Join("; ", first.Select(o => o.Reason)));
        afterFirst.Should().Be(36);
        second.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.AlreadyPresent);
        (await orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_NotSentWithOneLineThenTheRightOneCompletes()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();

        var refused = await Create(orthanc, "wrong").SendAsync(orthanc.Instances);

        refused.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        refused[0].Reason.Should().Contain("HTTP 401").And.NotContain("wrong").And.NotContain("\n");

        var retry = await Create(orthanc, orthanc.Server.Password).SendAsync(orthanc.Instances);

        retry.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        (await orthanc.CountInstancesAsync()).Should().Be(36);
    }

    [Fact]
    public async Task EchoAsync_Orthanc_QidoAnswers()
    {
        await using var orthanc = await OrthancDestinationServerFixture.StartAsync();

        var echo = await Create(orthanc, orthanc.Server.Password).EchoAsync();

        echo.Success.Should().BeTrue(echo.Message);
    }

    private static IDicomDestination Create(OrthancDestinationServerFixture orthanc, string password) =>
        new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = orthanc.DicomWebUri,
            Username = Infrastructure.OrthancServer.Username,
            Password = password,
            BatchSize = 8,
            Parallelism = 2,
        });
}
