using System.Runtime.CompilerServices;
using DicomPipeline.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>
/// Wraps the app's loader so a test can hold the folder walk still: after <c>firstPause</c> entries (one more already
/// read, the walk not over), and again once the walk has ended with <c>secondPause</c> entries handed on, so the page can
/// be looked at in both states.
/// </summary>
internal sealed class GatedLoader(int firstPause, int secondPause)
{
    private readonly int _firstPause = firstPause;
    private readonly int _secondPause = secondPause;
    private readonly TaskCompletionSource _firstReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _secondReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _secondRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstPauseReached => _firstReached.Task;

    public Task SecondPauseReached => _secondReached.Task;

    public void ReleaseFirst() => _firstRelease.TrySetResult();

    public void ReleaseSecond() => _secondRelease.TrySetResult();

    /// <summary>Puts the gate around whatever loader the app registered (the app's own wrapper included).</summary>
    public void Register(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IDicomLoader));
        services.Remove(registered);
        services.AddSingleton<IDicomLoader>(sp => new Gate(this, (IDicomLoader)registered.ImplementationFactory!(sp)));
    }

    private sealed class Gate(GatedLoader owner, IDicomLoader inner) : IDicomLoader
    {
        public async IAsyncEnumerable<LoadedInstance> LoadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await using var entries = inner.LoadAsync(directory, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var handedOn = 0;
            while (handedOn < owner._firstPause && await entries.MoveNextAsync())
            {
                yield return entries.Current;
                handedOn++;
            }

            // One more read: the walk has found it, but it is not over.
            var buffer = new List<LoadedInstance>();
            if (await entries.MoveNextAsync())
            {
                buffer.Add(entries.Current);
            }

            owner._firstReached.TrySetResult();
            await owner._firstRelease.Task.WaitAsync(cancellationToken);
            while (await entries.MoveNextAsync())
            {
                buffer.Add(entries.Current);
            }

            // The walk is over; hand on entries up to the second pause and hold the rest.
            var index = 0;
            for (; index < buffer.Count && handedOn < owner._secondPause; index++, handedOn++)
            {
                yield return buffer[index];
            }

            owner._secondReached.TrySetResult();
            await owner._secondRelease.Task.WaitAsync(cancellationToken);
            for (; index < buffer.Count; index++)
            {
                yield return buffer[index];
            }
        }

        public Task<DicomFolderIndex> GroupAsync(string directory, CancellationToken cancellationToken = default) =>
            inner.GroupAsync(directory, cancellationToken);
    }
}
