using System.Globalization;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Orthanc;

/// <summary>The instance calls: upload (streamed), existence by Orthanc ID, download, one attribute's value.</summary>
internal sealed partial class OrthancClient
{
    public async Task<OrthancUploadResult> UploadInstanceAsync(Stream dicom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        const string route = "POST /instances";
        using var request = new HttpRequestMessage(HttpMethod.Post, "instances") { Content = new DicomStreamContent(dicom) };
        var answer = await _transport.SendForJsonAsync(request, route, OrthancJsonContext.Default.OrthancUploadResponse, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);
        OrthancUploadStatus status = answer!.Status switch
        {
            "Success" => OrthancUploadStatus.Success,
            "AlreadyStored" => OrthancUploadStatus.AlreadyStored,
            "FilteredOut" => OrthancUploadStatus.FilteredOut,
            _ => throw _transport.InvalidResponse(route, "an unknown upload status"),
        };
        return new OrthancUploadResult(
            status,
            answer.Id ?? string.Empty,
            answer.ParentSeries ?? string.Empty,
            answer.ParentStudy ?? string.Empty,
            answer.ParentPatient ?? string.Empty);
    }

    public async Task<OrthancUploadResult> UploadInstanceAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await UploadInstanceAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> InstanceExistsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        return await _transport.SendFoundAsync(HttpMethod.Get, "instances/" + instanceId, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<Stream> DownloadInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        var request = new HttpRequestMessage(HttpMethod.Get, "instances/" + instanceId + "/file");
        var response = await _transport.SendAsync(request, "GET /instances/" + instanceId + "/file", HttpCompletionOption.ResponseHeadersRead, notFoundIsNull: false, cancellationToken)
            .ConfigureAwait(false);

        // The response lives as long as its stream: disposing the stream releases the connection.
        return await response!.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetInstanceValueAsync(string instanceId, DicomTag tag, CancellationToken cancellationToken = default)
    {
        OrthancIdentifiers.ThrowIfMalformed(instanceId, nameof(instanceId));
        var bytes = await GetContentAsync(instanceId, tag, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        // Orthanc gives the value's bytes as stored. ASCII reads alike in every character set; anything else is decoded
        // with the instance's Specific Character Set (0008,0005), as the file's reader would.
        var vr = DicomDictionary.TryGetEntry(tag, out var entry) ? entry.ValueRepresentations[0] : DicomVR.UN;
        string text;
        if (!vr.UsesSpecificCharacterSet || bytes.AsSpan().IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F) < 0 && !bytes.AsSpan().Contains((byte)0x1B))
        {
            text = Encoding.ASCII.GetString(bytes);
        }
        else
        {
            var terms = await GetContentAsync(instanceId, DicomTag.SpecificCharacterSet, cancellationToken).ConfigureAwait(false);
            var characterSet = DicomCharacterSet.FromSpecificCharacterSet(
                terms is null ? [] : Encoding.ASCII.GetString(terms).Split('\\').Select(t => t.Trim(' ', '\0')).ToArray());
            text = characterSet.Decode(bytes, vr);
        }

        return text.Trim(' ', '\0');
    }

    private async Task<byte[]?> GetContentAsync(string instanceId, DicomTag tag, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"instances/{instanceId}/content/{tag.Group:x4}-{tag.Element:x4}");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await _transport.SendAsync(request, "GET /" + path, HttpCompletionOption.ResponseContentRead, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        return response is null ? null : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
