using DicomPipeline.Anonymization;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.Orthanc;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;

namespace DicomPipeline.IntegrationTests.Pipeline;

/// <summary><see cref="OrthancStudyChores"/> against a real Orthanc, each test on a server of its own.</summary>
[Collection(OrthancTestsDefinition.Name)]
public sealed class OrthancStudyChoresTests(OrthancFixture fixture)
{
    [Fact]
    public async Task AnonymizeAllStudiesAsync_Twice_ExactlyOneCopyPerOriginalStudy()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("anonymize"), seed: 201);
        await using var server = await OrthancServer.StartAsync();
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        await OrthancCorpus.UploadAsync(connection.Client, files);
        var originals = files.Select(file => file.StudyId).Distinct().ToList();
        var chores = new OrthancStudyChores(connection.Client);
        var options = new AnonymizationOptions { Secret = "integration-test-secret-9f3c1a7e5b2d4068" };

        var first = await chores.AnonymizeAllStudiesAsync(options);
        var second = await chores.AnonymizeAllStudiesAsync(options);

        first.Studies.Should().HaveCount(originals.Count).And.OnlyContain(outcome => outcome.Action == OrthancStudyAction.Copied);
        second.Count(OrthancStudyAction.AlreadyCopied).Should().Be(originals.Count);
        second.Count(OrthancStudyAction.IsCopy).Should().Be(originals.Count);
        second.Studies.Should().HaveCount(2 * originals.Count);
        (await connection.Client.GetStatisticsAsync()).CountStudies.Should().Be(2 * originals.Count);
        (await connection.Client.GetStatisticsAsync()).CountInstances.Should().Be(2 * files.Count);

        foreach (var outcome in first.Studies)
        {
            var copy = await connection.Client.GetStudyAsync(outcome.CopyStudyId!);
            var original = await connection.Client.GetStudyAsync(outcome.StudyId);
            copy!.InstanceCount.Should().Be(original!.InstanceCount);
            copy.PatientId.Should().StartWith("ANON-");
            copy.StudyInstanceUid.Should().StartWith("2.25.").And.NotBe(original.StudyInstanceUid);
            second.Studies.Should().Contain(new OrthancStudyOutcome(outcome.StudyId, OrthancStudyAction.AlreadyCopied, outcome.CopyStudyId));
        }
    }

    [Fact]
    public async Task AnonymizeAllStudiesAsync_OriginalsDeletedAfterwards_CopiesNotCopiedAgain()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("orphans"), seed: 202);
        await using var server = await OrthancServer.StartAsync();
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        await OrthancCorpus.UploadAsync(connection.Client, files);
        var chores = new OrthancStudyChores(connection.Client);
        var options = new AnonymizationOptions { Secret = "integration-test-secret-9f3c1a7e5b2d4068" };
        var first = await chores.AnonymizeAllStudiesAsync(options);
        foreach (var outcome in first.Studies)
        {
            await connection.Client.DeleteStudyAsync(outcome.StudyId);
        }

        var second = await chores.AnonymizeAllStudiesAsync(options);

        second.Studies.Should().OnlyContain(outcome => outcome.Action == OrthancStudyAction.IsCopy, "PatientIdentityRemoved is YES in the copies");
    }

    [Fact]
    public async Task DeleteAllStudiesAsync_WithoutConfirmation_DeletesNothing_WithItLeavesZero()
    {
        var files = await OrthancCorpus.WriteAsync(fixture.NewFolder("delete"), seed: 203);
        await using var server = await OrthancServer.StartAsync();
        await using var connection = OrthancConnection.Create(server.ClientOptions());
        await OrthancCorpus.UploadAsync(connection.Client, files);
        var studies = files.Select(file => file.StudyId).Distinct().ToList();
        var chores = new OrthancStudyChores(connection.Client);

        var unconfirmed = () => chores.DeleteAllStudiesAsync(confirm: false);
        await unconfirmed.Should().ThrowAsync<InvalidOperationException>();
        (await connection.Client.GetStatisticsAsync()).CountStudies.Should().Be(studies.Count);

        var dryRun = await chores.DeleteAllStudiesAsync(confirm: false, dryRun: true);
        dryRun.Studies.Select(outcome => outcome.StudyId).Should().BeEquivalentTo(studies);
        dryRun.Studies.Should().OnlyContain(outcome => outcome.Action == OrthancStudyAction.WouldDelete);
        (await connection.Client.GetStatisticsAsync()).CountStudies.Should().Be(studies.Count);

        var deleted = await chores.DeleteAllStudiesAsync(confirm: true);

        deleted.Count(OrthancStudyAction.Deleted).Should().Be(studies.Count);
        deleted.FailedCount.Should().Be(0);
        var statistics = await connection.Client.GetStatisticsAsync();
        statistics.CountStudies.Should().Be(0);
        statistics.CountInstances.Should().Be(0);
    }
}
