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

    /// <summary>
    /// A server with one study whose every call succeeds: a chore that should have refused before calling it finds
    /// work to do and ends without an exception, so only the chore's own guard can make a refusal test pass.
    /// </summary>
    private static FakeOrthancHandler ServerWithOneStudy() => new(request =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath == "/studies"
            ? FakeOrthancHandler.Json($"""["{OrthancIdentifiers.ComputeStudyId("p", "1.1")}"]""")
            : FakeOrthancHandler.Json("{}"));

    [Fact]
    public async Task DeleteAllStudiesAsync_NotConfirmed_ThrowsAndSendsNothing()
    {
        var handler = ServerWithOneStudy();

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
        var handler = ServerWithOneStudy();

        var act = () => Chores(handler).AnonymizeAllStudiesAsync(new AnonymizationOptions { Secret = "s-9f3c1a7e5b2d4068-8e2b6d0c4a-8e2b6d0c4a", RetainUids = true });

        (await act.Should().ThrowAsync<ArgumentException>().WithMessage("*new UIDs*")).Which.ParamName.Should().Be("options");
        handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task AnonymizeAllStudiesAsync_NoSecret_Refused()
    {
        var handler = ServerWithOneStudy();

        var act = () => Chores(handler).AnonymizeAllStudiesAsync(new AnonymizationOptions());

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*needs a secret*");
        handler.Requests.Should().BeEmpty();
    }
}
