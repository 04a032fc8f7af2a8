using System.Net;
using DicomPipeline.Destinations;
using DicomPipeline.Storage;

namespace DicomPipeline.Tests.Destinations;

public sealed class DicomWebDestinationTests : IDisposable
{
    private readonly DestinationTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SendAsync_FiveInstancesBatchOfTwo_ThreeMultipartRequestsWithTheFilesAsParts()
    {
        var instances = await _files.WriteAsync(5);
        var handler = StoreAll();

        var outcomes = await Create(handler, batchSize: 2).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        var posts = handler.Requests.Where(r => r.Request.Method == HttpMethod.Post).ToList();
        posts.Should().HaveCount(3);
        posts[0].Request.RequestUri!.ToString().Should().Be("http://dw.test/root/studies");
        posts[0].Request.Content!.Headers.ContentType!.ToString().Should().StartWith("multipart/related; type=\"application/dicom\"; boundary=");
        posts[0].Request.Headers.Accept.ToString().Should().Be("application/dicom+json");
        var parts = posts.SelectMany(p => FakeDicomWebHandler.Parts(p.Request, p.Body!)).ToList();
        parts.Should().HaveCount(5);
        for (var i = 0; i < 5; i++)
        {
            parts[i].Should().Equal(await File.ReadAllBytesAsync(instances[i].FullPath));
        }
    }

    [Fact]
    public async Task SendAsync_FewerInstancesThanBatchSizeTimesParallelism_SpreadOverParallelRequests()
    {
        var instances = await _files.WriteAsync(16);
        var handler = StoreAll();

        var outcomes = await new DicomDestinationFactory(() => handler)
            .Create(new DestinationOptions { Uri = "dicomweb+http://dw.test/root", BatchSize = 16, Parallelism = 4 })
            .SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        handler.Requests.Where(r => r.Request.Method == HttpMethod.Post).Select(r => FakeDicomWebHandler.Parts(r.Request, r.Body!).Count)
            .Should().Equal([4, 4, 4, 4], "one call of the send stage (16 instances) keeps every allowed request busy");
    }

    [Fact]
    public async Task SendAsync_ParallelismNotSet_FourRequestsAsTheOrthancUpload()
    {
        // STOW-RS to Orthanc's plugin kept pace with the REST upload (4 at a time) only with as many requests at once.
        var instances = await _files.WriteAsync(16);
        var handler = StoreAll();

        await new DicomDestinationFactory(() => handler)
            .Create(new DestinationOptions { Uri = "dicomweb+http://dw.test/root" })
            .SendAsync(instances);

        handler.Requests.Where(r => r.Request.Method == HttpMethod.Post).Select(r => FakeDicomWebHandler.Parts(r.Request, r.Body!).Count)
            .Should().Equal([4, 4, 4, 4]);
    }

    [Fact]
    public async Task SendAsync_ByteLimit_CutsRequestsBySize()
    {
        var instances = await _files.WriteAsync(4);
        var largestPair = new FileInfo(instances[2].FullPath).Length + new FileInfo(instances[3].FullPath).Length;
        var handler = StoreAll();

        await Create(handler, batchSize: 100, maxBytes: largestPair).SendAsync(instances);

        handler.Requests.Count(r => r.Request.Method == HttpMethod.Post).Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_QidoListsSome_ThoseAlreadyPresentAndNotPosted()
    {
        var instances = await _files.WriteAsync(3);
        var handler = StoreAll(present: [instances[1].SopInstanceUid]);

        var outcomes = await Create(handler).SendAsync(instances);

        outcomes.Select(o => o.Kind).Should().Equal(DestinationOutcomeKind.Sent, DestinationOutcomeKind.AlreadyPresent, DestinationOutcomeKind.Sent);
        var get = handler.Requests.Single(r => r.Request.Method == HttpMethod.Get);
        get.Request.RequestUri!.PathAndQuery.Should().Be("/root/studies/1.2.3/series/1.2.3.9/instances?includefield=00080018");
        var parts = FakeDicomWebHandler.Parts(handler.Requests.Single(r => r.Request.Method == HttpMethod.Post).Request, handler.Requests.Single(r => r.Request.Method == HttpMethod.Post).Body!);
        parts.Should().HaveCount(2);
    }

    [Fact]
    public async Task SendAsync_202WithFailures_EachInstanceMapped()
    {
        var instances = await _files.WriteAsync(4);
        var handler = new FakeDicomWebHandler((request, _) => request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : FakeDicomWebHandler.StoreResponse(HttpStatusCode.Accepted, [instances[0].SopInstanceUid],
                [(instances[1].SopInstanceUid, 0xA900), (instances[2].SopInstanceUid, 0xA700), (instances[3].SopInstanceUid, 0x0111)]));

        var outcomes = await Create(handler).SendAsync(instances);

        outcomes.Select(o => o.Kind).Should().Equal(DestinationOutcomeKind.Sent, DestinationOutcomeKind.Refused, DestinationOutcomeKind.NotSent, DestinationOutcomeKind.AlreadyPresent);
        outcomes[1].Reason.Should().Be("failure reason A900H (error: data set does not match SOP class)");
        outcomes[2].Reason.Should().Be("failure reason A700H (refused: out of resources)");
    }

    [Fact]
    public async Task SendAsync_409_AllFailedRefused()
    {
        var instances = await _files.WriteAsync(2);
        var handler = new FakeDicomWebHandler((request, _) => request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : FakeDicomWebHandler.StoreResponse(HttpStatusCode.Conflict, [], instances.Select(i => (i.SopInstanceUid, 0xC000))));

        var outcomes = await Create(handler).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Refused && o.Reason == "failure reason C000H (error: cannot understand)");
    }

    [Fact]
    public async Task SendAsync_Unauthorized_NotSentWithOneLine()
    {
        var instances = await _files.WriteAsync(2);
        var handler = new FakeDicomWebHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var outcomes = await Create(handler).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        outcomes[0].Reason.Should().Be("STOW-RS to dicomweb+http://dw.test/root answered HTTP 401 Unauthorized (check the credentials)");
    }

    [Fact]
    public async Task SendAsync_ResponseNamesNoInstance_NotSent()
    {
        var instances = await _files.WriteAsync(1);
        var handler = new FakeDicomWebHandler((request, _) => request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[1,2]") });

        var outcome = (await Create(handler).SendAsync(instances)).Single();

        outcome.Kind.Should().Be(DestinationOutcomeKind.NotSent);
        outcome.Reason.Should().Contain("did not name this instance");
    }

    [Fact]
    public async Task SendAsync_BasicCredentialsInTheUri_SentAsBasicAuthentication()
    {
        var instances = await _files.WriteAsync(1);
        var handler = StoreAll();

        await Create(handler, uri: "dicomweb+http://alice:s3cret@dw.test/root").SendAsync(instances);

        var expected = "Basic " + Convert.ToBase64String("alice:s3cret"u8.ToArray());
        handler.Requests.Should().OnlyContain(r => r.Request.Headers.Authorization!.ToString() == expected);
    }

    [Fact]
    public async Task SendAsync_BearerToken_SentAsBearer()
    {
        var instances = await _files.WriteAsync(1);
        var handler = StoreAll();

        await Create(handler, bearer: "tok-123").SendAsync(instances);

        handler.Requests.Should().OnlyContain(r => r.Request.Headers.Authorization!.ToString() == "Bearer tok-123");
    }

    [Fact]
    public async Task SendAsync_Unreachable_EveryInstanceNotSentWithOneLineAfterTheRetries()
    {
        var instances = await _files.WriteAsync(2);
        var handler = new FakeDicomWebHandler((_, _) => throw new HttpRequestException("Connection refused (dw.test:80)"));

        var outcomes = await Create(handler).SendAsync(instances);

        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent && o.Reason == "Cannot reach dicomweb+http://dw.test/root: Connection refused (dw.test:80)");
        handler.Requests.Should().HaveCount(1 + DicomDestinationFactory.MaxRetryAttempts, "the QIDO-RS request is tried again, then the send is given up");
    }

    [Fact]
    public async Task SendAsync_PeerThatNeverAnswers_NotSentTimedOutAfterTheTimeoutNamingTheDestination()
    {
        var instances = await _files.WriteAsync(1);
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel's backlog) and never answers a request
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var destination = new DicomDestinationFactory().Create(new DestinationOptions
        {
            Uri = $"dicomweb+http://127.0.0.1:{port}/root",
            Timeout = TimeSpan.FromMilliseconds(300),
            Parallelism = 1,
        });

        var outcomes = await destination.SendAsync(instances);

        outcomes.Should().ContainSingle().Which.Reason.Should().Be($"dicomweb+http://127.0.0.1:{port}/root timed out after 0.3 s without answering");
        outcomes[0].Kind.Should().Be(DestinationOutcomeKind.NotSent);
    }

    [Fact]
    public async Task SendAsync_SameSeriesInTwoCalls_OneQidoRequestForTheSeries()
    {
        var instances = await _files.WriteAsync(4);
        var handler = StoreAll(present: [instances[3].SopInstanceUid]);
        var destination = Create(handler);

        var first = await destination.SendAsync([instances[0], instances[1]]);
        var second = await destination.SendAsync([instances[2], instances[3]]);

        handler.Requests.Count(r => r.Request.Method == HttpMethod.Get).Should().Be(1, "what a series held is asked once, not per call");
        first.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
        second.Select(o => o.Kind).Should().Equal(DestinationOutcomeKind.Sent, DestinationOutcomeKind.AlreadyPresent);
    }

    [Fact]
    public async Task SendAsync_SameInstancesAgainThroughTheSameDestination_AlreadyPresentAndNotPostedAgain()
    {
        var instances = await _files.WriteAsync(3);
        var handler = StoreAll();
        var destination = Create(handler);

        await destination.SendAsync(instances);
        var again = await destination.SendAsync(instances);

        again.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.AlreadyPresent, "what the server confirmed is remembered with the series");
        handler.Requests.Count(r => r.Request.Method == HttpMethod.Post).Should().Be(1);
    }

    [Fact]
    public async Task SendAsync_QidoFailedOnce_AskedAgainByTheNextCall()
    {
        var instances = await _files.WriteAsync(2);
        var gets = 0;
        var store = StoreAll(present: [instances[1].SopInstanceUid]);
        var handler = new FakeDicomWebHandler((request, body) => request.Method == HttpMethod.Get && Interlocked.Increment(ref gets) == 1
            ? new HttpResponseMessage(HttpStatusCode.BadRequest)
            : store.Answer(request, body));
        var destination = Create(handler);

        var first = await destination.SendAsync([instances[0]]);
        var second = await destination.SendAsync([instances[1]]);

        first.Single().Kind.Should().Be(DestinationOutcomeKind.Sent);
        second.Single().Kind.Should().Be(DestinationOutcomeKind.AlreadyPresent, "an answer that said nothing is not remembered");
    }

    [Fact]
    public async Task SendAsync_ManySeries_QueriedAtOnce()
    {
        var instances = new List<StoredInstance>();
        for (var s = 0; s < 4; s++)
        {
            instances.AddRange(await _files.WriteAsync(1, series: "1.2.3.9." + s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var handler = new QueriesTogetherHandler(StoreAll(), expected: 4);

        var outcomes = await new DicomDestinationFactory(() => handler).Create(new DestinationOptions { Uri = "dicomweb+http://dw.test/root", Parallelism = 4 }).SendAsync(instances);

        handler.AllAsked.IsCompleted.Should().BeTrue();
        outcomes.Should().OnlyContain(o => o.Kind == DestinationOutcomeKind.Sent);
    }

    [Fact]
    public async Task EchoAsync_Unreachable_OneRequestNoRetries()
    {
        var handler = new FakeDicomWebHandler((_, _) => throw new HttpRequestException("Connection refused (dw.test:80)"));

        var echo = await Create(handler).EchoAsync();

        echo.Should().Be(new DestinationEcho(false, "Cannot reach dicomweb+http://dw.test/root: Connection refused (dw.test:80)"));
        handler.Requests.Should().ContainSingle("an echo answers at once rather than after the sending retries");
    }

    [Fact]
    public async Task EchoAsync_QidoAnswers_Succeeds()
    {
        var handler = new FakeDicomWebHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]") });

        var echo = await Create(handler).EchoAsync();

        echo.Should().Be(new DestinationEcho(true, "QIDO-RS at dicomweb+http://dw.test/root answered HTTP 200."));
        handler.Requests.Single().Request.RequestUri!.PathAndQuery.Should().Be("/root/studies?limit=1");
    }

    private static FakeDicomWebHandler StoreAll(IReadOnlyCollection<string>? present = null) => new((request, body) =>
    {
        if (request.Method == HttpMethod.Get)
        {
            var json = "[" + string.Join(",", (present ?? []).Select(u => $"{{\"00080018\":{{\"vr\":\"UI\",\"Value\":[\"{u}\"]}}}}")) + "]";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json) };
        }

        var uids = FakeDicomWebHandler.Parts(request, body!).Select(part =>
        {
            var text = System.Text.Encoding.ASCII.GetString(part);
            var start = text.IndexOf("1.2.3.9.", StringComparison.Ordinal);
            return new string(text[start..].TakeWhile(c => c is '.' or (>= '0' and <= '9')).ToArray());
        });
        return FakeDicomWebHandler.StoreResponse(HttpStatusCode.OK, uids);
    });

    private static IDicomDestination Create(FakeDicomWebHandler handler, int batchSize = 16, long maxBytes = 1 << 20, string uri = "dicomweb+http://dw.test/root", string? bearer = null) =>
        new DicomDestinationFactory(() => handler).Create(new DestinationOptions { Uri = uri, BatchSize = batchSize, MaxBatchBytes = maxBytes, BearerToken = bearer, Parallelism = 1 });

    /// <summary>Holds every QIDO-RS request until <c>expected</c> of them are in flight together, then answers as <c>inner</c>.</summary>
    private sealed class QueriesTogetherHandler(FakeDicomWebHandler inner, int expected) : HttpMessageHandler
    {
        private readonly TaskCompletionSource _allAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _asked;

        public Task AllAsked => _allAsked.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Method == HttpMethod.Get)
            {
                if (Interlocked.Increment(ref _asked) == expected)
                {
                    _allAsked.SetResult();
                }

                await _allAsked.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return inner.Answer(request, body);
        }
    }
}
