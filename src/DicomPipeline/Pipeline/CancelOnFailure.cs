namespace DicomPipeline.Pipeline;

/// <summary>Ties concurrent parts together: when one fails, the others are cancelled, so none waits on a part that stopped.</summary>
internal static class CancelOnFailure
{
    /// <summary>Awaits <paramref name="work"/>; when it fails, cancels <paramref name="others"/> and rethrows.</summary>
    public static async Task Watch(Task work, CancellationTokenSource others)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch
        {
            await others.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
