using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Orthanc;

/// <summary>
/// Chores over every study on an Orthanc server: making an anonymized copy of each with this library's anonymizer (so
/// pseudonyms and UIDs equal those of the local pipeline with the same secret), and deleting them all. Both report
/// each study by its Orthanc ID. See <c>docs/orthanc.md</c> for how copies are recognised.
/// </summary>
/// <remarks>
/// A pipeline of its own (download → de-identify → upload) over the two seams <see cref="IOrthancClient"/> and
/// <see cref="IAnonymizer"/>, so it lives with the pipeline: the Orthanc client knows nothing of de-identification.
/// </remarks>
public sealed class OrthancStudyChores
{
    private readonly IOrthancClient _client;
    private readonly int _parallelism;

    /// <summary>Creates the chores over <paramref name="client"/>'s server.</summary>
    /// <param name="client">The server.</param>
    /// <param name="parallelism">How many instances are copied at the same time (see <see cref="OrthancOptions.UploadParallelism"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parallelism"/> is not from 1 to 64.</exception>
    public OrthancStudyChores(IOrthancClient client, int parallelism = 4)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, 64);
        _client = client;
        _parallelism = parallelism;
    }

    /// <summary>
    /// Makes an anonymized copy of every study that is not itself a copy and has no complete copy yet: each instance is
    /// downloaded, de-identified with <paramref name="options"/> (the same engine and secret as the local pipeline, so
    /// the copy's pseudonyms and UIDs are those of the local output) and uploaded. Running it again makes nothing new;
    /// a copy left incomplete by an interrupted run is completed.
    /// </summary>
    /// <param name="options">The de-identification options; the secret is required and <c>RetainUids</c> is not allowed.</param>
    /// <param name="progress">Told the outcome of each study as it ends.</param>
    /// <param name="cancellationToken">Cancels the chore between instances.</param>
    /// <returns>The outcome of each study.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><c>RetainUids</c> is on: a copy on the same server needs new UIDs.</exception>
    /// <exception cref="InvalidOperationException">The options have no secret, or are contradictory.</exception>
    /// <exception cref="OrthancException">The server is unreachable or refuses the credentials (other failures are per study).</exception>
    public async Task<OrthancChoreResult> AnonymizeAllStudiesAsync(
        AnonymizationOptions options,
        IProgress<OrthancStudyOutcome>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetainUids)
        {
            throw new ArgumentException("Anonymized copies on the same server need new UIDs: RetainUids must be off.", nameof(options));
        }

        IAnonymizer anonymizer = new ConfidentialityProfileAnonymizer(options);
        var pseudonyms = new PseudonymGenerator(options.Secret!);

        var studies = new List<OrthancStudy>();
        await foreach (var id in _client.ListStudiesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await _client.GetStudyAsync(id, cancellationToken).ConfigureAwait(false) is { } study)
            {
                studies.Add(study);
            }
        }

        // A copy made by our engine has the StudyInstanceUID the secret maps the original's to.
        var byUid = studies.GroupBy(study => study.StudyInstanceUid, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var copyUids = new HashSet<string>(studies.Select(study => pseudonyms.Uid(study.StudyInstanceUid)), StringComparer.Ordinal);

        var outcomes = new List<OrthancStudyOutcome>(studies.Count);
        foreach (var study in studies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OrthancStudyOutcome outcome;
            try
            {
                outcome = await AnonymizeStudyAsync(study, anonymizer, pseudonyms, byUid, copyUids, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsPerStudyFailure(ex, cancellationToken))
            {
                outcome = new OrthancStudyOutcome(study.Id, OrthancStudyAction.Failed, Error: ex.Message);
            }

            outcomes.Add(outcome);
            progress?.Report(outcome);
        }

        return new OrthancChoreResult(outcomes);
    }

    /// <summary>
    /// Deletes every study on the server, or with <paramref name="dryRun"/> only lists them. The IDs are listed first,
    /// then each study is deleted; a failure is reported for its study and the others go on.
    /// </summary>
    /// <param name="confirm">Must be true to delete: a guard against deleting a whole server by mistake.</param>
    /// <param name="dryRun">List what would be deleted and delete nothing (no confirmation needed).</param>
    /// <param name="progress">Told the outcome of each study as it ends.</param>
    /// <param name="cancellationToken">Cancels the chore between studies.</param>
    /// <returns>The outcome of each study.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="confirm"/> is false and it is not a dry run; nothing was deleted.</exception>
    /// <exception cref="OrthancException">The server is unreachable or refuses the credentials.</exception>
    public async Task<OrthancChoreResult> DeleteAllStudiesAsync(
        bool confirm,
        bool dryRun = false,
        IProgress<OrthancStudyOutcome>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (!confirm && !dryRun)
        {
            throw new InvalidOperationException("Deleting all studies needs explicit confirmation (confirm: true); nothing was deleted.");
        }

        // Listed in full first: deleting while paging with since/limit would shift the pages and skip studies.
        var ids = new List<string>();
        await foreach (var id in _client.ListStudiesAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var outcomes = new List<OrthancStudyOutcome>(ids.Count);
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OrthancStudyOutcome outcome;
            if (dryRun)
            {
                outcome = new OrthancStudyOutcome(id, OrthancStudyAction.WouldDelete);
            }
            else
            {
                try
                {
                    var deleted = await _client.DeleteStudyAsync(id, cancellationToken).ConfigureAwait(false);
                    outcome = new OrthancStudyOutcome(id, deleted ? OrthancStudyAction.Deleted : OrthancStudyAction.NotFound);
                }
                catch (Exception ex) when (IsPerStudyFailure(ex, cancellationToken))
                {
                    outcome = new OrthancStudyOutcome(id, OrthancStudyAction.Failed, Error: ex.Message);
                }
            }

            outcomes.Add(outcome);
            progress?.Report(outcome);
        }

        return new OrthancChoreResult(outcomes);
    }

    /// <summary>
    /// A failure that belongs to one study; an unreachable server, refused credentials or cancellation end the whole
    /// chore instead, since every following study would fail the same way.
    /// </summary>
    private static bool IsPerStudyFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        OrthancException { Failure: OrthancFailure.Unreachable or OrthancFailure.AuthenticationFailed } => false,
        _ => true,
    };

    private async Task<OrthancStudyOutcome> AnonymizeStudyAsync(
        OrthancStudy study,
        IAnonymizer anonymizer,
        PseudonymGenerator pseudonyms,
        Dictionary<string, List<OrthancStudy>> byUid,
        HashSet<string> copyUids,
        CancellationToken cancellationToken)
    {
        if (study.IsAnonymizedByOrthanc || copyUids.Contains(study.StudyInstanceUid))
        {
            return new OrthancStudyOutcome(study.Id, OrthancStudyAction.IsCopy);
        }

        if (study.InstanceIds.Count > 0)
        {
            // A copy whose original is gone (or one made by another tool) still says so in its instances.
            var removed = await _client.GetInstanceValueAsync(study.InstanceIds[0], DicomTag.PatientIdentityRemoved, cancellationToken)
                .ConfigureAwait(false);
            if (string.Equals(removed, "YES", StringComparison.OrdinalIgnoreCase))
            {
                return new OrthancStudyOutcome(study.Id, OrthancStudyAction.IsCopy);
            }
        }

        var copyUid = pseudonyms.Uid(study.StudyInstanceUid);
        if (byUid.TryGetValue(copyUid, out var copies) && copies.FirstOrDefault(copy => copy.InstanceCount >= study.InstanceCount) is { } complete)
        {
            return new OrthancStudyOutcome(study.Id, OrthancStudyAction.AlreadyCopied, complete.Id);
        }

        var copyId = await CopyAsync(study, anonymizer, cancellationToken).ConfigureAwait(false);
        return copyId is null
            ? new OrthancStudyOutcome(study.Id, OrthancStudyAction.Failed, Error: "Every instance of the study was held back by the anonymizer (burned-in annotation).")
            : new OrthancStudyOutcome(study.Id, OrthancStudyAction.Copied, copyId);
    }

    /// <summary>Downloads, de-identifies and uploads each instance; instances already uploaded come back as AlreadyStored.</summary>
    private async Task<string?> CopyAsync(OrthancStudy study, IAnonymizer anonymizer, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dicompipeline-orthanc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string? copyId = null;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(study.InstanceIds, parallel, async (instanceId, token) =>
            {
                var uploaded = await CopyInstanceAsync(instanceId, folder, anonymizer, token).ConfigureAwait(false);
                if (uploaded is not null)
                {
                    Interlocked.CompareExchange(ref copyId, uploaded.ParentStudy, null);
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return copyId;
    }

    private async Task<OrthancUploadResult?> CopyInstanceAsync(
        string instanceId,
        string folder,
        IAnonymizer anonymizer,
        CancellationToken cancellationToken)
    {
        // Through files, so that pixel data stays on disk: the reader leaves large values in the downloaded file and the
        // writer copies them stream to stream.
        var original = Path.Combine(folder, instanceId + ".dcm");
        var anonymized = Path.Combine(folder, instanceId + ".anon.dcm");
        try
        {
            var download = await _client.DownloadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            await using (download.ConfigureAwait(false))
            {
                var file = new FileStream(original, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await download.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            var source = await DicomFile.OpenAsync(original, cancellationToken: cancellationToken).ConfigureAwait(false);
            var result = anonymizer.Anonymize(source);
            if (result.IsHeldBack)
            {
                return null;
            }

            await result.File.SaveAsync(anonymized, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await _client.UploadInstanceAsync(anonymized, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(original);
            File.Delete(anonymized);
        }
    }
}
