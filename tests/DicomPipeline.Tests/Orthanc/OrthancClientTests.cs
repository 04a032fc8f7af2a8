using System.Net;
using DicomPipeline.Orthanc;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Tests.Orthanc;

public sealed class OrthancClientTests
{
    private const string BaseUrl = "http://orthanc.test:8042";
    private const string StudyId = "8c4387d0-521dd224-cce9cba9-00b26ab3-c345e391";

    private static OrthancClient Client(FakeOrthancHandler handler, int pageSize = 1000, string baseUrl = BaseUrl) =>
        new(new HttpClient(handler), Options.Create(new OrthancOptions { BaseUrl = baseUrl })) { StudyPageSize = pageSize };

    [Theory]
    [InlineData("Success", OrthancUploadStatus.Success)]
    [InlineData("AlreadyStored", OrthancUploadStatus.AlreadyStored)]
    public async Task UploadInstanceAsync_OrthancStatus_Mapped(string status, OrthancUploadStatus expected)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(
            $$"""{"ID":"a","ParentSeries":"b","ParentStudy":"c","ParentPatient":"d","Path":"/instances/a","Status":"{{status}}"}"""));

        var result = await Client(handler).UploadInstanceAsync(new MemoryStream(new byte[1000]));

        result.Should().Be(new OrthancUploadResult(expected, "a", "b", "c", "d"));
        handler.Requests.Should().ContainSingle().Which.Should().Be((HttpMethod.Post, "/instances", "application/dicom", 1000L, (string?)null));
    }

    [Fact]
    public async Task UploadInstanceAsync_StreamNotAtStart_SendsFromItsPositionAndLeavesItOpen()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("""{"ID":"a","Status":"Success"}"""));
        var stream = new MemoryStream(new byte[300]) { Position = 100 };

        await Client(handler).UploadInstanceAsync(stream);

        handler.Requests.Single().BodyLength.Should().Be(200);
        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public async Task UploadInstanceAsync_BadFile_OrthancMessageWithoutDetails()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(
            """{"Details":"Cannot parse PatientName=Doe^John","HttpError":"Bad Request","HttpStatus":400,"Message":"Bad file format","OrthancStatus":15}""",
            HttpStatusCode.BadRequest));

        var act = () => Client(handler).UploadInstanceAsync(new MemoryStream(new byte[10]));

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.StatusCode.Should().Be(400);
        error.Route.Should().Be("POST /instances");
        error.OrthancMessage.Should().Be("Bad file format");
        error.OrthancDetails.Should().Contain("Doe^John");
        error.Failure.Should().Be(OrthancFailure.ErrorResponse);
        error.Message.Should().Be($"Orthanc at {BaseUrl} answered POST /instances with 400 Bad Request: Bad file format.");
        error.Message.Should().NotContain("Doe");
    }

    [Fact]
    public async Task GetSystemAsync_Unauthorized_AuthenticationFailedWithoutPassword()
    {
        var handler = new FakeOrthancHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var client = new OrthancClient(new HttpClient(handler), Options.Create(new OrthancOptions { BaseUrl = "http://alice:s3cret@orthanc.test:8042" }));

        var act = () => client.GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().StartWith("Orthanc authentication failed for http://orthanc.test:8042:");
        error.Message.Should().NotContain("s3cret").And.NotContain("alice");
        error.Failure.Should().Be(OrthancFailure.AuthenticationFailed);
        error.IsTransient.Should().BeFalse();
    }

    [Fact]
    public async Task GetSystemAsync_ConnectionRefused_NotReachable()
    {
        var handler = new FakeOrthancHandler(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (orthanc.test:8042)"));

        var act = () => Client(handler).GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().Be($"Orthanc is not reachable at {BaseUrl} (GET /system: the connection failed).");
        error.Failure.Should().Be(OrthancFailure.Unreachable);
        error.StatusCode.Should().BeNull();
        error.InnerException.Should().BeOfType<HttpRequestException>();
    }

    [Fact]
    public async Task GetSystemAsync_ServerErrorWithoutJson_StatusInMessage()
    {
        var handler = new FakeOrthancHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>proxy</html>") });

        var act = () => Client(handler).GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Message.Should().Be($"Orthanc at {BaseUrl} answered GET /system with 502 Bad Gateway.");
        error.IsTransient.Should().BeTrue();
    }

    [Fact]
    public async Task GetSystemAsync_NotJson_InvalidResponse()
    {
        var handler = new FakeOrthancHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hello") });

        var act = () => Client(handler).GetSystemAsync();

        (await act.Should().ThrowAsync<OrthancException>()).Which.Failure.Should().Be(OrthancFailure.InvalidResponse);
    }

    [Theory]
    [InlineData("""{"Name":"n","ApiVersion":16,"DicomAet":"A","DicomPort":4242,"HttpPort":8042}""")] // no Version
    [InlineData("""{"Name":"n","Version":null,"ApiVersion":16,"DicomAet":"A","DicomPort":4242,"HttpPort":8042}""")]
    [InlineData("""{"Name":"n","Version":"1","ApiVersion":"sixteen","DicomAet":"A","DicomPort":4242,"HttpPort":8042}""")]
    [InlineData("""{"Name":"n","Version":"1","ApiVersion":16,"DicomAet":"A","DicomPort":4242}""")] // no HttpPort
    [InlineData("""["not","an","object"]""")]
    [InlineData("null")]
    public async Task GetSystemAsync_WrongShape_InvalidResponseNamingRoute(string json)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(json));

        var act = () => Client(handler).GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Failure.Should().Be(OrthancFailure.InvalidResponse);
        error.Message.Should().StartWith($"Orthanc at {BaseUrl} gave an unexpected answer to GET /system:");
    }

    [Theory]
    [InlineData("""{"ID":"a"}""")] // no Status
    [InlineData("""{"ID":"a","Status":"Stored somewhere"}""")]
    public async Task UploadInstanceAsync_NoKnownStatus_InvalidResponse(string json)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(json));

        var act = () => Client(handler).UploadInstanceAsync(new MemoryStream(new byte[10]));

        (await act.Should().ThrowAsync<OrthancException>()).Which.Failure.Should().Be(OrthancFailure.InvalidResponse);
    }

    [Theory]
    [InlineData("""["a",null]""")]
    [InlineData("""["a",1]""")]
    [InlineData("""{"a":"b"}""")]
    public async Task FindAsync_NotAListOfIds_InvalidResponse(string json)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(json));

        var act = () => Client(handler).FindAsync(OrthancResourceLevel.Study, new Dictionary<string, string>());

        (await act.Should().ThrowAsync<OrthancException>()).Which.Failure.Should().Be(OrthancFailure.InvalidResponse);
    }

    [Fact]
    public async Task GetStudyAsync_SeriesWithoutMainDicomTags_InvalidResponse()
    {
        var handler = new FakeOrthancHandler(request => request.RequestUri!.AbsolutePath.EndsWith("/series", StringComparison.Ordinal)
            ? FakeOrthancHandler.Json("""[{"ID":"s1","Instances":["i1"]}]""")
            : FakeOrthancHandler.Json("""{"MainDicomTags":{},"PatientMainDicomTags":{}}"""));

        var act = () => Client(handler).GetStudyAsync(StudyId);

        (await act.Should().ThrowAsync<OrthancException>()).Which.Route.Should().Be($"GET /studies/{StudyId}/series");
    }

    [Fact]
    public async Task FindAsync_NoLimit_LeavesLimitOut()
    {
        string? body = null;
        var handler = new FakeOrthancHandler(request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return FakeOrthancHandler.Json("[]");
        });

        await Client(handler).FindAsync(OrthancResourceLevel.Instance, new Dictionary<string, string> { ["PatientID"] = "P*" });

        body.Should().Be("""{"Level":"Instance","Expand":false,"Query":{"PatientID":"P*"}}""");
    }

    [Fact]
    public async Task GetStatisticsAsync_DiskSizeAsString_Parsed()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(
            """{"CountInstances":2,"CountPatients":1,"CountSeries":2,"CountStudies":1,"TotalDiskSize":"21662","TotalDiskSizeMB":0}"""));

        var statistics = await Client(handler).GetStatisticsAsync();

        statistics.Should().Be(new OrthancStatistics(1, 1, 2, 2, 21662));
    }

    [Fact]
    public async Task ListStudiesAsync_MorePagesThanOne_PagesWithSinceAndLimit()
    {
        var all = Enumerable.Range(0, 5).Select(i => OrthancIdentifiers.ComputeStudyId("p", "1." + i)).ToArray();
        var handler = new FakeOrthancHandler(request =>
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var since = int.Parse(query["since"]!, System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(query["limit"]!, System.Globalization.CultureInfo.InvariantCulture);
            return FakeOrthancHandler.Json(System.Text.Json.JsonSerializer.Serialize(all.Skip(since).Take(limit)));
        });

        var listed = new List<string>();
        await foreach (var id in Client(handler, pageSize: 2).ListStudiesAsync())
        {
            listed.Add(id);
        }

        listed.Should().Equal(all);
        handler.Requests.Select(r => r.PathAndQuery).Should().Equal(
            "/studies?since=0&limit=2", "/studies?since=2&limit=2", "/studies?since=4&limit=2");
    }

    [Fact]
    public async Task GetStudyAsync_StudyAndSeries_Combined()
    {
        var handler = new FakeOrthancHandler(request => request.RequestUri!.AbsolutePath.EndsWith("/series", StringComparison.Ordinal)
            ? FakeOrthancHandler.Json("""
                [{"ID":"s1","Instances":["i1","i2"],"MainDicomTags":{"Modality":"CT"}},
                 {"ID":"s2","Instances":["i3"],"MainDicomTags":{"Modality":"SR"}},
                 {"ID":"s3","Instances":["i4"],"MainDicomTags":{"Modality":"CT"}}]
                """)
            : FakeOrthancHandler.Json("""
                {"AnonymizedFrom":"x","ID":"id","MainDicomTags":{"StudyDate":"20160710","StudyInstanceUID":"1.2.3"},
                 "PatientMainDicomTags":{"PatientID":"ANON-1"},"Series":["s1","s2","s3"],"Type":"Study"}
                """));

        var study = await Client(handler).GetStudyAsync(StudyId);

        study.Should().NotBeNull();
        study!.PatientId.Should().Be("ANON-1");
        study.StudyInstanceUid.Should().Be("1.2.3");
        study.StudyDate.Should().Be("20160710");
        study.Modalities.Should().Equal("CT", "SR");
        study.InstanceIds.Should().Equal("i1", "i2", "i3", "i4");
        study.InstanceCount.Should().Be(4);
        study.IsAnonymizedByOrthanc.Should().BeTrue();
    }

    [Fact]
    public async Task GetStudyAsync_NotFound_Null()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("""{"Message":"Unknown resource"}""", HttpStatusCode.NotFound));

        (await Client(handler).GetStudyAsync(StudyId)).Should().BeNull();
    }

    [Fact]
    public async Task GetStudyAsync_NotAnOrthancId_ThrowsBeforeSending()
    {
        var handler = new FakeOrthancHandler(_ => throw new InvalidOperationException("must not be called"));

        var act = () => Client(handler).GetStudyAsync("../tools/reset");

        await act.Should().ThrowAsync<ArgumentException>();
        handler.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task DeleteStudyAsync_Status_DeletedOrNotFound(HttpStatusCode status, bool expected)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("{}", status));

        (await Client(handler).DeleteStudyAsync(StudyId)).Should().Be(expected);
        handler.Requests.Single().Method.Should().Be(HttpMethod.Delete);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task InstanceExistsAsync_Status_Answer(HttpStatusCode status, bool expected)
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("{}", status));

        (await Client(handler).InstanceExistsAsync(StudyId)).Should().Be(expected);
        handler.Requests.Single().PathAndQuery.Should().Be("/instances/" + StudyId);
    }

    [Fact]
    public async Task FindAsync_Query_PostsOrthancFindBody()
    {
        string? body = null;
        var handler = new FakeOrthancHandler(request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return FakeOrthancHandler.Json("""["a","b"]""");
        });

        var found = await Client(handler).FindAsync(OrthancResourceLevel.Study, new Dictionary<string, string> { ["StudyInstanceUID"] = "1.2.3" }, limit: 5);

        found.Should().Equal("a", "b");
        body.Should().Be("""{"Level":"Study","Expand":false,"Limit":5,"Query":{"StudyInstanceUID":"1.2.3"}}""");
    }

    [Fact]
    public async Task AnonymizeStudyAsync_Answer_NewStudyId()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("""{"ID":"new","IsAnonymization":true,"Type":"Study"}"""));

        (await Client(handler).AnonymizeStudyAsync(StudyId)).Should().Be("new");
        handler.Requests.Single().PathAndQuery.Should().Be($"/studies/{StudyId}/anonymize");
    }

    [Fact]
    public async Task GetSystemAsync_BaseUrlWithPath_RoutesBelowIt()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json(
            """{"Name":"n","Version":"1.10.1","ApiVersion":16,"DicomAet":"ORTHANC","DicomPort":4242,"HttpPort":8042}"""));

        var system = await Client(handler, baseUrl: "https://pacs.test/orthanc").GetSystemAsync();

        system.Should().Be(new OrthancSystemInfo("n", "1.10.1", 16, "ORTHANC", 4242, 8042));
        handler.Requests.Single().PathAndQuery.Should().Be("/orthanc/system");
    }
}
