using System.Text.Json.Nodes;
using DicomPipeline.Pipeline;
using DicomPipeline.Web.Jobs;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary>
/// <c>GET /jobs</c> (the recent jobs, so a reload finds them again), <c>GET /jobs/{id}</c> (state, progress, result),
/// <c>DELETE /jobs/{id}</c> (cancel), <c>POST /jobs/{id}/rerun</c> (an interrupted job, again) and
/// <c>GET /jobs/{id}/files/{name}</c> (<c>report.json</c>, <c>manifest.csv</c>). Jobs finished before a restart are
/// answered with the view kept when they finished.
/// </summary>
internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", List)
            .WithName("ListJobs")
            .WithSummary("The jobs this app remembers, newest first: folder, CSV name, state and outcome.")
            .Produces<IReadOnlyList<JobListItem>>();
        app.MapGet("/jobs/{id}", Get)
            .WithName("GetJob")
            .WithSummary("A job's request, state, outcome, progress and, when done, a summary of its result (lists cut to their first items; the full ones are in report.json).")
            .Produces<JobView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete("/jobs/{id}", Cancel)
            .WithName("CancelJob")
            .WithSummary("Cancels a job: at once when queued, between files when running.")
            .Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/jobs/{id}/rerun", Rerun)
            .WithName("RerunJob")
            .WithSummary("Queues a job the app was stopped under again, into its own output folder: files already stored are skipped.")
            .Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/jobs/{id}/files/{name}", Download)
            .WithName("DownloadJobFile")
            .WithSummary("A file of the job's output folder: report.json (every file not stored, every CSV line without images) or manifest.csv.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(JobQueue queue, IOptions<WebSampleOptions> options) =>
        Results.Ok(queue.Recent().Select(job => JobListItem.From(job, options.Value.Web.ListedItems)).ToList());

    private static IResult Get(string id, JobQueue queue, IOptions<WebSampleOptions> options) =>
        Find(id, queue) is { } job ? Results.Ok(Describe(job, options.Value.Web.ListedItems)) : UnknownJob();

    /// <summary>The job's view: made now, or for a job finished before a restart, the one kept, with its output's fate now.</summary>
    private static object Describe(WebJob job, int listedItems)
    {
        if (job.StoredView is not { } stored)
        {
            return JobView.From(job, listedItems);
        }

        var view = (JsonObject)stored.DeepClone();
        view["outputDeleted"] = job.OutputDeleted;
        view["deidentification"] = JobView.DeidentificationOf(job.Request);
        if (job.OutputDeleted)
        {
            view["downloads"] = new JsonObject();
        }

        return view;
    }

    private static IResult Rerun(string id, JobQueue queue, TimeProvider time, IOptions<WebSampleOptions> options)
    {
        if (Find(id, queue) is not { } job)
        {
            return UnknownJob();
        }

        if (job.State != JobState.Interrupted)
        {
            return Problems.Conflict("Only an interrupted job runs again", $"The job has {job.State.ToString().ToLowerInvariant()}; post it again to run it anew.");
        }

        if (job.Request.CsvPath is { } csv && !File.Exists(csv))
        {
            return Problems.Conflict("The job's CSV is gone", "Its uploaded CSV was not kept across the restart (only DicomPipeline:Web:WorkDirectory keeps uploads); post the job again with it.");
        }

        if (!queue.TryRequeue(job, time.GetUtcNow()))
        {
            return Problems.Conflict("The job cannot be queued now", "The queue is full or the job is no longer interrupted; try again when a job has finished.");
        }

        return Results.Accepted("/jobs/" + job.Id.ToString(), Describe(job, options.Value.Web.ListedItems));
    }

    private static IResult Cancel(string id, JobQueue queue, PreparedCsvMerger csvMerger, TimeProvider time, IOptions<WebSampleOptions> options)
    {
        if (Find(id, queue) is not { } job)
        {
            return UnknownJob();
        }

        if (!job.RequestCancel(time.GetUtcNow()))
        {
            return Problems.Conflict("Job already finished", $"The job has already {job.State.ToString().ToLowerInvariant()}; there is nothing to cancel.");
        }

        if (job.State == JobState.Cancelled)
        {
            // Cancelled while waiting: its CSV need not wait for the runner to reach it.
            JobRunner.ReleaseCsv(job, csvMerger);
        }

        return Results.Accepted("/jobs/" + job.Id.ToString(), JobView.From(job, options.Value.Web.ListedItems));
    }

    private static IResult Download(string id, string name, JobQueue queue, IOptions<DicomPipelineOptions> pipelineOptions)
    {
        // Only the fixed names, so no path from the request ever reaches the file system.
        var file = Array.Find(JobView.DownloadableFiles, known => string.Equals(known, name, StringComparison.Ordinal));
        if (Find(id, queue) is not { } job || (job.Result is null && job.StoredView is null) || file is null || job.OutputDeleted)
        {
            return Problems.NotFound("There is no such file: a finished job offers report.json and manifest.csv until retention deletes its output.");
        }

        var path = Path.Combine(job.Result?.OutputDirectory ?? JobRunner.OutputDirectory(pipelineOptions.Value, job.Id), file);
        return File.Exists(path)
            ? Results.File(path, file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv", $"{job.Id}-{file}")
            : Problems.NotFound("The job's output folder no longer holds " + file + ".");
    }

    private static WebJob? Find(string id, JobQueue queue) => Guid.TryParse(id, out var guid) ? queue.Find(guid) : null;

    private static IResult UnknownJob() =>
        Problems.NotFound("There is no such job (the oldest finished jobs are forgotten when many are kept).");
}
