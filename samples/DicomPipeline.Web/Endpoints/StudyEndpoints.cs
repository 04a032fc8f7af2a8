using System.Globalization;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary>The studies on Orthanc: list, anonymized copy of all (the library's chore), delete all (with the count as confirmation).</summary>
internal static class StudyEndpoints
{
    public static void MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/studies", ListAsync)
            .WithName("ListStudies")
            .WithSummary("The studies on Orthanc: how many, and the first few with patient ID, date, modalities and instance count.")
            .Produces<StudyList>()
            .ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapPost("/studies/anonymize-all", AnonymizeAllAsync)
            .WithName("AnonymizeAllStudies")
            .WithSummary("Makes an anonymized copy of every study on Orthanc with this library's engine and secret; running it again makes nothing new.")
            .Produces<ChoreSummary>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapDelete("/studies", DeleteAllAsync)
            .WithName("DeleteAllStudies")
            .WithSummary("Deletes every study on Orthanc; confirm must be the number of studies on the server.")
            .Produces<ChoreSummary>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> ListAsync(IOrthancClient client, IOptions<WebSampleOptions> webOptions, CancellationToken cancellationToken)
    {
        try
        {
            var ids = await ListIdsAsync(client, cancellationToken);
            var studies = new List<StudyView>();
            foreach (var id in ids.Take(webOptions.Value.Limits.MaxListedStudies))
            {
                if (await client.GetStudyAsync(id, cancellationToken) is { } study)
                {
                    studies.Add(new StudyView(study.Id, study.PatientId, study.StudyInstanceUid, study.StudyDate, study.Modalities, study.InstanceCount, study.IsAnonymizedByOrthanc));
                }
            }

            return Results.Ok(new StudyList(ids.Count, studies));
        }
        catch (OrthancException ex)
        {
            return Problems.Orthanc(ex);
        }
    }

    private static async Task<IResult> AnonymizeAllAsync(
        IOrthancClient client,
        IOptions<DicomPipelineOptions> pipelineOptions,
        IOptions<OrthancOptions> orthancOptions,
        CancellationToken cancellationToken)
    {
        var anonymization = pipelineOptions.Value.Anonymization;
        if (string.IsNullOrEmpty(anonymization.Secret))
        {
            return Problems.Conflict("No secret configured", "Anonymized copies need DicomPipeline:Anonymization:Secret (e.g. the environment variable DicomPipeline__Anonymization__Secret).");
        }

        try
        {
            var chores = new OrthancStudyChores(client, Math.Clamp(orthancOptions.Value.UploadParallelism, 1, 64));
            var result = await chores.AnonymizeAllStudiesAsync(anonymization, cancellationToken: cancellationToken);
            return Results.Ok(ChoreSummary.From(result));
        }
        catch (OrthancException ex)
        {
            return Problems.Orthanc(ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return Problems.Conflict("Anonymization options refused", ex.Message);
        }
    }

    private static async Task<IResult> DeleteAllAsync(string? confirm, IOrthancClient client, CancellationToken cancellationToken)
    {
        try
        {
            var count = (await ListIdsAsync(client, cancellationToken)).Count;
            var extensions = new Dictionary<string, object?> { ["studyCount"] = count };
            if (!int.TryParse(confirm, NumberStyles.None, CultureInfo.InvariantCulture, out var confirmed))
            {
                return Problems.BadRequest(
                    "Confirmation required",
                    $"Add ?confirm={count}: the number of studies on the server, to show that you know how many will be deleted.",
                    extensions);
            }

            if (confirmed != count)
            {
                return Problems.Conflict(
                    "Confirmation does not match",
                    $"confirm={confirmed}, but the server holds {count} studies; nothing was deleted.",
                    extensions);
            }

            var chores = new OrthancStudyChores(client);
            var result = await chores.DeleteAllStudiesAsync(confirm: true, cancellationToken: cancellationToken);
            return Results.Ok(ChoreSummary.From(result));
        }
        catch (OrthancException ex)
        {
            return Problems.Orthanc(ex);
        }
    }

    private static async Task<List<string>> ListIdsAsync(IOrthancClient client, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var id in client.ListStudiesAsync(cancellationToken))
        {
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The answer of <c>GET /studies</c>.</summary>
    internal sealed record StudyList(int Count, IReadOnlyList<StudyView> Studies);

    /// <summary>One study; its patient ID is what the server holds (a pseudonym, for de-identified data).</summary>
    internal sealed record StudyView(
        string Id,
        string PatientId,
        string StudyInstanceUid,
        string? StudyDate,
        IReadOnlyList<string> Modalities,
        int InstanceCount,
        bool IsAnonymizedByOrthanc);

    /// <summary>What a chore did: counts by action and each study's outcome, by Orthanc ID.</summary>
    internal sealed record ChoreSummary(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<OrthancStudyOutcome> Studies)
    {
        public static ChoreSummary From(OrthancChoreResult result) => new(
            result.Studies.GroupBy(outcome => outcome.Action)
                .ToDictionary(group => JsonNaming(group.Key), group => group.Count(), StringComparer.Ordinal),
            result.Studies);

        private static string JsonNaming(OrthancStudyAction action)
        {
            var name = action.ToString();
            return char.ToLowerInvariant(name[0]) + name[1..];
        }
    }
}
