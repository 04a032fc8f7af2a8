using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DicomPipeline.Orthanc;

/// <summary>The study calls: list (paged), one study with its series, delete, Orthanc's own anonymize, and find.</summary>
internal sealed partial class OrthancClient
{
    /// <summary>How many study IDs one page of <see cref="ListStudiesAsync"/> asks for.</summary>
    internal int StudyPageSize { get; init; } = 1000;

    public async IAsyncEnumerable<string> ListStudiesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const string route = "GET /studies";
        var since = 0L;
        while (true)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"studies?since={since}&limit={StudyPageSize}");
            var page = _transport.RequireIds(
                await _transport.GetJsonAsync(uri, route, OrthancJsonContext.Default.ListString, notFoundIsNull: false, cancellationToken).ConfigureAwait(false),
                route);
            foreach (var id in page)
            {
                yield return id;
            }

            if (page.Count < StudyPageSize)
            {
                yield break;
            }

            since += page.Count;
        }
    }

    public async Task<OrthancStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        var route = "GET /studies/" + studyId;
        var study = await _transport.GetJsonAsync("studies/" + studyId, route, OrthancJsonContext.Default.OrthancStudyResponse, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        if (study is null)
        {
            return null;
        }

        var series = await _transport.GetJsonAsync(
                "studies/" + studyId + "/series", route + "/series", OrthancJsonContext.Default.ListOrthancSeriesResponse, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        if (series is null)
        {
            return null; // deleted between the two calls
        }

        var modalities = new SortedSet<string>(StringComparer.Ordinal);
        var instances = new List<string>();
        foreach (var one in series)
        {
            if (!string.IsNullOrEmpty(one.MainDicomTags.Modality))
            {
                modalities.Add(one.MainDicomTags.Modality);
            }

            if (one.Instances is not null)
            {
                instances.AddRange(_transport.RequireIds(one.Instances, route + "/series"));
            }
        }

        var studyDate = study.MainDicomTags.StudyDate;
        return new OrthancStudy(
            studyId,
            study.PatientMainDicomTags.PatientId ?? string.Empty,
            study.MainDicomTags.StudyInstanceUid ?? string.Empty,
            string.IsNullOrEmpty(studyDate) ? null : studyDate,
            [.. modalities],
            instances,
            study.AnonymizedFrom);
    }

    public async Task<bool> DeleteStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        return await _transport.SendFoundAsync(HttpMethod.Delete, "studies/" + studyId, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(studyId, nameof(studyId));
        using var request = new HttpRequestMessage(HttpMethod.Post, "studies/" + studyId + "/anonymize")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        var copy = await _transport.SendForJsonAsync(
                request, "POST /studies/" + studyId + "/anonymize", OrthancJsonContext.Default.OrthancResourceResponse, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        return copy!.Id;
    }

    public async Task<IReadOnlyList<string>> FindAsync(
        OrthancResourceLevel level,
        IReadOnlyDictionary<string, string> query,
        int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(limit));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new OrthancFindRequest(level.ToString(), Expand: false, limit, query), OrthancJsonContext.Default.OrthancFindRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "tools/find") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        const string route = "POST /tools/find";
        var found = await _transport.SendForJsonAsync(request, route, OrthancJsonContext.Default.ListString, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        return _transport.RequireIds(found, route);
    }
}
