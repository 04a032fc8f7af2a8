using DicomPipeline.Web.Jobs;

namespace DicomPipeline.Web.Endpoints;

/// <summary><c>GET /jobs/{id}</c> (state, progress, result) and <c>DELETE /jobs/{id}</c> (cancel).</summary>
internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/{id}", Get)
            .WithName("GetJob")
            .WithSummary("A job's state (queued, running, succeeded, failed, cancelled), progress and, when done, the pipeline's result.")
            .Produces<JobView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete("/jobs/{id}", Cancel)
            .WithName("CancelJob")
            .WithSummary("Cancels a job: at once when queued, between files when running.")
            .Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static IResult Get(string id, JobQueue queue) =>
        Find(id, queue) is { } job ? Results.Ok(JobView.From(job)) : UnknownJob();

    private static IResult Cancel(string id, JobQueue queue, TimeProvider time)
    {
        if (Find(id, queue) is not { } job)
        {
            return UnknownJob();
        }

        return job.RequestCancel(time.GetUtcNow())
            ? Results.Accepted("/jobs/" + job.Id.ToString(), JobView.From(job))
            : Problems.Conflict("Job already finished", $"The job has already {job.State.ToString().ToLowerInvariant()}; there is nothing to cancel.");
    }

    private static WebJob? Find(string id, JobQueue queue) => Guid.TryParse(id, out var guid) ? queue.Find(guid) : null;

    private static IResult UnknownJob() =>
        Problems.NotFound("There is no such job (jobs are forgotten when the app restarts, and the oldest finished ones when many are kept).");
}
