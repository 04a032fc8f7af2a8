using System.Runtime.CompilerServices;
using DicomPipeline.Loading;

namespace DicomPipeline.Web.Jobs;

/// <summary>
/// The library's <see cref="IDicomLoader"/>, telling the running job when the folder walk has ended, which the
/// library's <c>PipelineProgress</c> does not say: until then the page shows "found so far" and an indeterminate bar,
/// after it a percentage of a known total. The job is found through <see cref="Current"/>, which flows with the
/// pipeline's calls from <see cref="JobRunner"/>.
/// </summary>
internal sealed class WalkTrackingLoader(IDicomLoader library) : IDicomLoader
{
    private static readonly AsyncLocal<WebJob?> Running = new();

    /// <summary>The job whose pipeline runs in this flow of calls.</summary>
    public static WebJob? Current
    {
        get => Running.Value;
        set => Running.Value = value;
    }

    public async IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = Current;
        var found = 0;
        await foreach (var entry in library.LoadAsync(directory, cancellationToken))
        {
            job?.WalkProgress(++found, finished: false);
            yield return entry;
        }

        job?.WalkProgress(found, finished: true);
    }

    public Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default) =>
        library.GroupAsync(directory, cancellationToken);
}
