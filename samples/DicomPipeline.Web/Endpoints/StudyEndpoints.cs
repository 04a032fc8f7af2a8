using DicomPipeline.Dicom;
using DicomPipeline.Orthanc;
using DicomPipeline.Pipeline;
using DicomPipeline.Web.Jobs;
using DicomPipeline.Web.Safety;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary>
/// The studies on Orthanc: a page of them (searchable), an anonymized copy of all (the library's chore), and delete all
/// in two steps: a dry run that lists them and issues a single-use token, then the delete with that token.
/// </summary>
internal static class StudyEndpoints
{
    public static void MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/studies", ListAsync)
            .WithName("ListStudies")
            .WithSummary("A page of the studies on Orthanc (search by patient name or ID): date, patient, modalities, instances, whether de-identified.")
            .Produces<StudyList>()
            .ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapPost("/studies/anonymize-all", AnonymizeAllAsync)
            .WithName("AnonymizeAllStudies")
            .WithSummary("Makes an anonymized copy of every study on Orthanc with this library's engine and secret; the originals stay; running it again makes nothing new.")
            .Produces<ChoreSummary>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapPost("/studies/delete-all/dry-run", DryRunAsync)
            .WithName("DeleteAllStudiesDryRun")
            .WithSummary("Lists what delete-all would delete, deletes nothing, and issues a short-lived single-use token for DELETE /studies.")
            .Produces<DeleteListing>()
            .ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapDelete("/studies", DeleteAllAsync)
            .WithName("DeleteAllStudies")
            .WithSummary("Deletes every study on Orthanc; token must come from a dry run of the same studies.")
            .Produces<ChoreSummary>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> ListAsync(
        IOrthancClient client,
        JobStore store,
        IOptions<WebSampleOptions> webOptions,
        CancellationToken cancellationToken,
        int page = 1,
        int? pageSize = null,
        string? search = null)
    {
        var size = Math.Clamp(pageSize ?? 20, 1, webOptions.Value.Limits.MaxListedStudies);
        page = Math.Max(page, 1);
        try
        {
            var ids = await ListIdsAsync(client, cancellationToken);
            var matching = ids;
            var term = Wildcards().Aggregate(search?.Trim() ?? string.Empty, (text, c) => text.Replace(c, ' ')).Trim();
            if (term.Length > 0)
            {
                // Matched here, not by Orthanc's find, whose matching of accents depends on its version and settings:
                // without regard to case or accents, so Müller finds MULLER.
                var folded = Fold(term);
                matching = [];
                foreach (var id in ids)
                {
                    if (await client.GetStudyAsync(id, cancellationToken) is not { } study)
                    {
                        continue;
                    }

                    var name = study.InstanceIds.Count > 0
                        ? await client.GetInstanceValueAsync(study.InstanceIds[0], DicomTag.PatientName, cancellationToken)
                        : null;
                    if (Fold(study.PatientId).Contains(folded, StringComparison.Ordinal)
                        || Fold(name?.Replace('^', ' ')).Contains(folded, StringComparison.Ordinal))
                    {
                        matching.Add(id);
                    }
                }
            }

            // A page past the end answers the last page.
            page = Math.Min(page, Math.Max(1, (matching.Count + size - 1) / size));
            var studies = new List<StudyView>();
            foreach (var id in matching.Skip((page - 1) * size).Take(size))
            {
                if (await client.GetStudyAsync(id, cancellationToken) is { } study)
                {
                    studies.Add(await DescribeAsync(client, store, study, cancellationToken));
                }
            }

            return Results.Ok(new StudyList(ids.Count, matching.Count, page, size, studies));
        }
        catch (OrthancException ex)
        {
            return Problems.Orthanc(ex);
        }
    }

    /// <summary>The study, with its patient's name and whether it is de-identified, read from its first instance.</summary>
    private static async Task<StudyView> DescribeAsync(IOrthancClient client, JobStore store, OrthancStudy study, CancellationToken cancellationToken)
    {
        string? name = null;
        string? identityRemoved = null;
        if (study.InstanceIds.Count > 0)
        {
            name = await client.GetInstanceValueAsync(study.InstanceIds[0], DicomTag.PatientName, cancellationToken);
            identityRemoved = await client.GetInstanceValueAsync(study.InstanceIds[0], DicomTag.PatientIdentityRemoved, cancellationToken);
        }

        return new StudyView(
            study.Id,
            study.PatientId,
            name?.Replace('^', ' ').Trim(),
            study.StudyInstanceUid,
            study.StudyDate,
            study.Modalities,
            study.InstanceCount,
            store.WasDeidentifiedHere(study.StudyInstanceUid),
            string.Equals(identityRemoved, "YES", StringComparison.OrdinalIgnoreCase),
            study.IsAnonymizedByOrthanc);
    }

    private static async Task<IResult> AnonymizeAllAsync(
        IOrthancClient client,
        JobStore store,
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

            // The copies are this app's de-identification: remembered by the StudyInstanceUIDs they were given.
            var copies = new List<string>();
            foreach (var outcome in result.Studies)
            {
                if (outcome.CopyStudyId is { } copyId && await client.GetStudyAsync(copyId, cancellationToken) is { } copy)
                {
                    copies.Add(copy.StudyInstanceUid);
                }
            }

            store.RecordDeidentified(copies);
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

    private static async Task<IResult> DryRunAsync(
        IOrthancClient client, DeleteTokens tokens, IOptions<WebSampleOptions> webOptions, CancellationToken cancellationToken)
    {
        try
        {
            var listed = await new OrthancStudyChores(client).DeleteAllStudiesAsync(confirm: false, dryRun: true, cancellationToken: cancellationToken);
            var ids = listed.Studies.Select(outcome => outcome.StudyId).ToList();
            var (token, expires) = tokens.Issue(ids);
            return Results.Ok(new DeleteListing(ids.Count, ids.Take(webOptions.Value.Web.ListedItems).ToList(), token, expires));
        }
        catch (OrthancException ex)
        {
            return Problems.Orthanc(ex);
        }
    }

    private static async Task<IResult> DeleteAllAsync(string? token, IOrthancClient client, DeleteTokens tokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Problems.BadRequest(
                "Token required",
                "Deleting all studies needs ?token= from POST /studies/delete-all/dry-run, which lists what would be deleted. Nothing was deleted.");
        }

        if (!tokens.TryTake(token, out var listed, out var refusal))
        {
            return Problems.BadRequest("Token refused", refusal);
        }

        // Exactly the studies the token was issued for, one by one: a study that arrived since the dry run stays.
        var outcomes = new List<OrthancStudyOutcome>();
        foreach (var id in listed)
        {
            try
            {
                var deleted = await client.DeleteStudyAsync(id, cancellationToken);
                outcomes.Add(new OrthancStudyOutcome(id, deleted ? OrthancStudyAction.Deleted : OrthancStudyAction.NotFound));
            }
            catch (OrthancException ex) when (outcomes.Count > 0)
            {
                outcomes.Add(new OrthancStudyOutcome(id, OrthancStudyAction.Failed, Error: ex.Message));
            }
            catch (OrthancException ex)
            {
                return Problems.Orthanc(ex);
            }
        }

        return Results.Ok(ChoreSummary.From(outcomes));
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

    private static char[] Wildcards() => ['*', '?', '\\'];

    /// <summary>The text without accents, in upper case: Müller and MULLER fold alike.</summary>
    private static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(System.Text.NormalizationForm.FormC).ToUpperInvariant();
    }

    /// <summary>The answer of <c>GET /studies</c>: how many on the server, how many match the search, and one page of them.</summary>
    internal sealed record StudyList(int Count, int Matching, int Page, int PageSize, IReadOnlyList<StudyView> Studies);

    /// <summary>
    /// One study; its patient ID and name are what the server holds (pseudonyms, for de-identified data).
    /// <see cref="DeIdentified"/> says this app de-identified it (a job's manifest or its anonymize-all copy), which no
    /// file can claim; <see cref="ClaimsIdentityRemoved"/> is what its Patient Identity Removed (0012,0062) says, which any
    /// input can.
    /// </summary>
    internal sealed record StudyView(
        string Id,
        string PatientId,
        string? PatientName,
        string StudyInstanceUid,
        string? StudyDate,
        IReadOnlyList<string> Modalities,
        int InstanceCount,
        bool DeIdentified,
        bool ClaimsIdentityRemoved,
        bool IsAnonymizedByOrthanc);

    /// <summary>The answer of a delete-all dry run: how many would go, the first IDs, and the token that deletes exactly them.</summary>
    internal sealed record DeleteListing(int Count, IReadOnlyList<string> StudyIds, string Token, DateTimeOffset ExpiresAt);

    /// <summary>What a chore did: counts by action and each study's outcome, by Orthanc ID.</summary>
    internal sealed record ChoreSummary(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<OrthancStudyOutcome> Studies)
    {
        public static ChoreSummary From(OrthancChoreResult result) => From(result.Studies);

        public static ChoreSummary From(IReadOnlyList<OrthancStudyOutcome> studies) => new(
            studies.GroupBy(outcome => outcome.Action)
                .ToDictionary(group => JsonNaming(group.Key), group => group.Count(), StringComparer.Ordinal),
            studies);

        private static string JsonNaming(OrthancStudyAction action)
        {
            var name = action.ToString();
            return char.ToLowerInvariant(name[0]) + name[1..];
        }
    }
}
