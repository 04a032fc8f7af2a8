using DicomPipeline.Dicom;
using DicomPipeline.Orthanc;

namespace DicomPipeline.Tests.Pipeline;

/// <summary>An Orthanc that has nothing and answers each upload with <paramref name="upload"/>; the rest is not called.</summary>
internal sealed class FakeOrthancClient(Func<string, OrthancUploadResult> upload) : IOrthancClient
{
    private int _uploads;

    public int Uploads => Volatile.Read(ref _uploads);

    public static OrthancUploadResult Answer(OrthancUploadStatus status) => new(status, "id", "series", "study", "patient");

    public Task<bool> InstanceExistsAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public async Task<OrthancUploadResult> UploadInstanceAsync(string path, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        Interlocked.Increment(ref _uploads);
        return upload(path);
    }

    public Task<OrthancUploadResult> UploadInstanceAsync(Stream dicom, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<OrthancSystemInfo> GetSystemAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<OrthancStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<string> ListStudiesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<OrthancStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteStudyAsync(string studyId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> FindAsync(OrthancResourceLevel level, IReadOnlyDictionary<string, string> query, int? limit = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<Stream> DownloadInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string?> GetInstanceValueAsync(string instanceId, DicomTag tag, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
