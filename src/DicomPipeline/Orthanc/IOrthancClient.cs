using DicomPipeline.Dicom;

namespace DicomPipeline.Orthanc;

/// <summary>
/// Orthanc's REST API, the parts this library needs. Every failure is an <see cref="OrthancException"/> naming the server
/// and route: "authentication failed for &lt;url&gt;" for refused credentials, "Orthanc is not reachable at &lt;url&gt;"
/// when no connection can be made, Orthanc's own error text for 4xx and 5xx answers. Transient failures (connection
/// refused, 5xx, 429, timeouts) are retried with back-off before they are reported. Implementations are thread-safe.
/// </summary>
public interface IOrthancClient
{
    /// <summary>What the server says about itself (<c>GET /system</c>); a cheap way to check that it answers.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's name, version and ports.</returns>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<OrthancSystemInfo> GetSystemAsync(CancellationToken cancellationToken = default);

    /// <summary>How many patients, studies, series and instances the server holds (<c>GET /statistics</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts and the disk size.</returns>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<OrthancStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads one DICOM Part 10 instance (<c>POST /instances</c>), streamed from <paramref name="dicom"/> without being
    /// buffered whole. The stream is read from its current position and not disposed. Retries resend it from that
    /// position, which needs a seekable stream; a non-seekable one fails on the first retry.
    /// </summary>
    /// <param name="dicom">The file's bytes.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether the instance was stored now or was there already, with its Orthanc IDs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dicom"/> is null.</exception>
    /// <exception cref="OrthancException">The upload failed, e.g. Orthanc refused the file (400, "Bad file format").</exception>
    Task<OrthancUploadResult> UploadInstanceAsync(Stream dicom, CancellationToken cancellationToken = default);

    /// <summary>Uploads the DICOM file at <paramref name="path"/>, streamed from disk (<c>POST /instances</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether the instance was stored now or was there already, with its Orthanc IDs.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OrthancException">The upload failed.</exception>
    Task<OrthancUploadResult> UploadInstanceAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// The Orthanc IDs of every study, fetched page by page (<c>GET /studies?since=&amp;limit=</c>), so any number of
    /// studies can be listed with little memory. Studies added or deleted while listing may be missed or seen twice.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The study IDs, in Orthanc's order.</returns>
    /// <exception cref="OrthancException">A page could not be fetched.</exception>
    IAsyncEnumerable<string> ListStudiesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One study with its patient's ID, date, modalities and instances (<c>GET /studies/{id}</c> and
    /// <c>/studies/{id}/series</c>).
    /// </summary>
    /// <param name="studyId">The study's Orthanc ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The study, or null when there is no such study.</returns>
    /// <exception cref="ArgumentException"><paramref name="studyId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<OrthancStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a study with its series and instances (<c>DELETE /studies/{id}</c>).</summary>
    /// <param name="studyId">The study's Orthanc ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when it was deleted, false when there was no such study.</returns>
    /// <exception cref="ArgumentException"><paramref name="studyId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<bool> DeleteStudyAsync(string studyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Has Orthanc make an anonymized copy of a study with its own engine and default settings
    /// (<c>POST /studies/{id}/anonymize</c>). Its pseudonyms and UIDs are random, not those of this library's
    /// anonymizer; <c>OrthancStudyChores.AnonymizeAllStudiesAsync</c> uses the library's engine instead.
    /// </summary>
    /// <param name="studyId">The study's Orthanc ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The Orthanc ID of the new, anonymized study.</returns>
    /// <exception cref="ArgumentException"><paramref name="studyId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed (404 when there is no such study).</exception>
    Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches the server (<c>POST /tools/find</c>) with DICOM-style matching: exact values, wildcards (<c>*</c>,
    /// <c>?</c>) and date ranges (<c>20200101-20201231</c>).
    /// </summary>
    /// <param name="level">What to return: patients, studies, series or instances.</param>
    /// <param name="query">Attribute keyword (e.g. <c>StudyInstanceUID</c>, <c>PatientID</c>) to value.</param>
    /// <param name="limit">The most results to return; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The Orthanc IDs of the matching resources.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<IReadOnlyList<string>> FindAsync(
        OrthancResourceLevel level,
        IReadOnlyDictionary<string, string> query,
        int? limit = null,
        CancellationToken cancellationToken = default);

    /// <summary>Whether an instance is stored (<c>GET /instances/{id}</c>, 404 meaning no).</summary>
    /// <param name="instanceId">The instance's Orthanc ID, e.g. from <see cref="OrthancIdentifiers.ComputeInstanceId"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the server holds the instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<bool> InstanceExistsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored DICOM file of an instance (<c>GET /instances/{id}/file</c>) as a stream read from the network as it
    /// arrives. Dispose it to release the connection.
    /// </summary>
    /// <param name="instanceId">The instance's Orthanc ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed (404 when there is no such instance).</exception>
    Task<Stream> DownloadInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One top-level attribute of a stored instance as text (<c>GET /instances/{id}/content/gggg-eeee</c>), decoded with
    /// the instance's Specific Character Set (0008,0005) when its VR uses one, with its padding removed; null when the
    /// instance does not have it.
    /// </summary>
    /// <param name="instanceId">The instance's Orthanc ID.</param>
    /// <param name="tag">The attribute, e.g. <see cref="DicomTag.PatientIdentityRemoved"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is not an Orthanc ID.</exception>
    /// <exception cref="OrthancException">The call failed.</exception>
    Task<string?> GetInstanceValueAsync(string instanceId, DicomTag tag, CancellationToken cancellationToken = default);
}
