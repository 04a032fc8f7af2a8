using System.Net;
using DicomPipeline.Anonymization;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Tests.Orthanc;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Tests.Pipeline;

public sealed class OrthancStudyChoresTests
{
    private static OrthancStudyChores Chores(FakeOrthancHandler handler) =>
        new(new OrthancClient(new HttpClient(handler), Options.Create(new OrthancOptions())));

    [Fact]
    public async Task DeleteAllStudiesAsync_NotConfirmed_ThrowsAndSendsNothing()
    {
        var handler = new FakeOrthancHandler(_ => throw new InvalidOperationException("must not be called"));

        var act = () => Chores(handler).DeleteAllStudiesAsync(confirm: false);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*nothing was deleted*");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteAllStudiesAsync_OneFails_ReportedAndOthersDeleted()
    {
        var a = OrthancIdentifiers.ComputeStudyId("p", "1.1");
        var b = OrthancIdentifiers.ComputeStudyId("p", "1.2");
        var handler = new FakeOrthancHandler(request => request.Method == HttpMethod.Get
            ? FakeOrthancHandler.Json($"""["{a}","{b}"]""")
            : request.RequestUri!.AbsolutePath.EndsWith(a, StringComparison.Ordinal)
                ? FakeOrthancHandler.Json("""{"Message":"Database locked"}""", HttpStatusCode.Conflict)
                : FakeOrthancHandler.Json("{}"));

        var result = await Chores(handler).DeleteAllStudiesAsync(confirm: true);

        result.Studies.Should().HaveCount(2);
        result.Studies[0].Action.Should().Be(OrthancStudyAction.Failed);
        result.Studies[0].Error.Should().Contain("409").And.Contain("Database locked");
        result.Studies[1].Should().Be(new OrthancStudyOutcome(b, OrthancStudyAction.Deleted));
        result.FailedCount.Should().Be(1);
    }

    [Fact]
    public async Task AnonymizeAllStudiesAsync_RetainUids_Refused()
    {
        var handler = new FakeOrthancHandler(_ => throw new InvalidOperationException("must not be called"));

        var act = () => Chores(handler).AnonymizeAllStudiesAsync(new AnonymizationOptions { Secret = "s", RetainUids = true });

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task AnonymizeAllStudiesAsync_NoSecret_Refused()
    {
        var handler = new FakeOrthancHandler(_ => throw new InvalidOperationException("must not be called"));

        var act = () => Chores(handler).AnonymizeAllStudiesAsync(new AnonymizationOptions());

        await act.Should().ThrowAsync<InvalidOperationException>();
    }
}
