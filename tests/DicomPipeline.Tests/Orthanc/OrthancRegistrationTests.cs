using System.Net;
using DicomPipeline.Orthanc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Tests.Orthanc;

public sealed class OrthancRegistrationTests
{
    private static ServiceProvider Services(FakeOrthancHandler handler, OrthancOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        OrthancRegistration.AddOrthancClient(services).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddOrthancClient_TransientFailures_RetriedThenSucceeds()
    {
        var calls = 0;
        var handler = new FakeOrthancHandler(_ => Interlocked.Increment(ref calls) < 3
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : FakeOrthancHandler.Json("""{"CountInstances":1,"CountPatients":1,"CountSeries":1,"CountStudies":1,"TotalDiskSize":"1"}"""));
        await using var services = Services(handler, new OrthancOptions { RetryDelay = TimeSpan.Zero });

        var statistics = await services.GetRequiredService<IOrthancClient>().GetStatisticsAsync();

        statistics.CountStudies.Should().Be(1);
        calls.Should().Be(3);
    }

    [Fact]
    public async Task AddOrthancClient_NoRetries_FailsOnFirstError()
    {
        var handler = new FakeOrthancHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var services = Services(handler, new OrthancOptions { MaxRetryAttempts = 0 });

        var act = () => services.GetRequiredService<IOrthancClient>().GetSystemAsync();

        (await act.Should().ThrowAsync<OrthancException>()).Which.StatusCode.Should().Be(503);
        handler.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task AddOrthancClient_Credentials_BasicAuthorizationAndBaseAddress()
    {
        var handler = new FakeOrthancHandler(_ => FakeOrthancHandler.Json("""{"ID":"a","Status":"Success"}"""));
        await using var services = Services(handler, new OrthancOptions { BaseUrl = "http://pacs.test:8000", Username = "alice", Password = "pw" });

        await services.GetRequiredService<IOrthancClient>().UploadInstanceAsync(new MemoryStream(new byte[4]));

        handler.Requests.Single().Authorization.Should().Be("Basic YWxpY2U6cHc=");
    }

    [Fact]
    public async Task AddOrthancClient_SlowServer_AttemptTimeoutFromOptions()
    {
        var handler = new SlowHandler();
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(new OrthancOptions { Timeout = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 0 }));
        OrthancRegistration.AddOrthancClient(collection).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = collection.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOrthancClient>().GetSystemAsync();

        var error = (await act.Should().ThrowAsync<OrthancException>()).Which;
        error.Failure.Should().Be(OrthancFailure.Timeout);
        error.Message.Should().Be("Orthanc at http://localhost:8042 did not answer GET /system within 0.2 s.");
    }

    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
