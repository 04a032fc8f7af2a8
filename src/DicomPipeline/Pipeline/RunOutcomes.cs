using System.Collections.Concurrent;
using DicomPipeline.Diagnostics;
using DicomPipeline.Dicom;
using DicomPipeline.Storage;

namespace DicomPipeline.Pipeline;

/// <summary>What happened to each file of a run, gathered from every stage and worker at once, and the counts so far.</summary>
/// <remarks>
/// What it keeps per stored file is bounded: counts, and the instances claimed as 16-byte digests of their UIDs (the
/// store step keeps the manifest rows, on disk). Only files not stored are kept whole, for the report.
/// </remarks>
internal sealed class RunOutcomes(string inputDirectory)
{
    private readonly ConcurrentQueue<ReportedFile> _notStored = new();
    private readonly ClaimedInstances _sopInstances = new();
    private readonly ConcurrentDictionary<(string Path, string Reason), int> _swept = new();
    private int _found;
    private int _storedCount;
    private int _skipped;
    private int _notDicom;
    private int _notAnInstance;
    private int _heldBack;
    private int _quarantined;
    private int _failed;
    private int _sent;
    private int _imagesScanned;
    private int _imagesRedacted;
    private int _pixelBoxesBlanked;
    private int _total = -1;
    private int _totalIsFinal;

    public IEnumerable<ReportedFile> NotStored => _notStored;

    /// <summary>The files in the input folder, or null while not known.</summary>
    public int? Total => Volatile.Read(ref _total) is >= 0 and var total ? total : null;

    public int Found => Volatile.Read(ref _found);

    public int StoredCount => Volatile.Read(ref _storedCount);

    public int Skipped => Volatile.Read(ref _skipped);

    public int NotDicom => Volatile.Read(ref _notDicom);

    public int NotAnInstance => Volatile.Read(ref _notAnInstance);

    public int HeldBack => Volatile.Read(ref _heldBack);

    public int Quarantined => Volatile.Read(ref _quarantined);

    public int Failed => Volatile.Read(ref _failed);

    public int ImagesScanned => Volatile.Read(ref _imagesScanned);

    public int ImagesRedacted => Volatile.Read(ref _imagesRedacted);

    public int PixelBoxesBlanked => Volatile.Read(ref _pixelBoxesBlanked);

    /// <summary>Counts what the Clean Pixel Data option did to one image that is passed on.</summary>
    public void CountPixels(int framesScanned, int boxesBlanked)
    {
        if (framesScanned > 0)
        {
            Interlocked.Increment(ref _imagesScanned);
        }

        if (boxesBlanked > 0)
        {
            Interlocked.Increment(ref _imagesRedacted);
            Interlocked.Add(ref _pixelBoxesBlanked, boxesBlanked);
        }
    }

    /// <summary>Sets the total: a first count of the folder, then (final) the load stage's own count, which a late first count does not undo.</summary>
    public void SetTotal(int total, bool final)
    {
        if (final)
        {
            Volatile.Write(ref _totalIsFinal, 1);
            Volatile.Write(ref _total, total);
        }
        else if (Volatile.Read(ref _totalIsFinal) == 0)
        {
            // Never below what has been found already: the bar must not run past its end.
            Volatile.Write(ref _total, Math.Max(total, Found));
        }
    }

    public void Find()
    {
        Interlocked.Increment(ref _found);
        PipelineInstruments.FilesRead.Add(1);
    }

    /// <summary>Claims an instance for this run; false when another input file already holds it.</summary>
    /// <remarks>The UID is kept as its <see cref="UidKey"/>, a tenth of the string's size.</remarks>
    public bool Claim(string sopInstanceUid)
    {
        return _sopInstances.Add(UidKey.Of(sopInstanceUid));
    }

    public void Store(StoredInstance instance)
    {
        Interlocked.Increment(ref _storedCount);
        PipelineInstruments.FilesStored.Add(1);
        if (PipelineInstruments.BytesStored.Enabled)
        {
            PipelineInstruments.BytesStored.Add(new FileInfo(instance.FullPath).Length);
        }
    }

    public void Skip(string path, string reason)
    {
        Report(path, FileOutcome.Skipped, reason, ref _skipped);
        PipelineInstruments.FilesSkipped.Add(1);
    }

    /// <summary>Counts a file that is not DICOM, or not an instance (a DICOMDIR): listed, not a failure.</summary>
    public void NotProcessed(string path, FileOutcome outcome, string reason)
    {
        Report(path, outcome, reason, ref outcome == FileOutcome.NotAnInstance ? ref _notAnInstance : ref _notDicom);
        PipelineInstruments.FilesSkipped.Add(1);
    }

    public void HoldBack(string path, string reason)
    {
        Report(path, FileOutcome.HeldBack, reason, ref _heldBack);
        PipelineInstruments.FilesHeldBack.Add(1);
    }

    public void Quarantine(string path, string reason)
    {
        Interlocked.Increment(ref _quarantined);
        HoldBack(path, reason);
    }

    public void Fail(string path, string reason)
    {
        Report(path, FileOutcome.Failed, reason, ref _failed);
        PipelineInstruments.FilesFailed.Add(1);
    }

    /// <summary>Counts instances that reached every destination (sent, or there already).</summary>
    public void Sent(int count) => Interlocked.Add(ref _sent, count);

    /// <summary>Counts what the sweep changed in one instance, by tag path and reason (a bounded set over a run).</summary>
    public void Swept(IReadOnlyList<Anonymization.SweptValue> swept)
    {
        foreach (var value in swept)
        {
            _swept.AddOrUpdate((value.Path, value.Reason), 1, static (_, n) => n + 1);
        }
    }

    /// <summary>The sweep's counts, most first, then by path and reason.</summary>
    public IReadOnlyList<SweptValueCount> SweptCounts() =>
    [
        .. _swept.Select(p => new SweptValueCount(p.Key.Path, p.Key.Reason, p.Value))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Reason, StringComparer.Ordinal),
    ];

    // Progress counts every file passed over as skipped, so that what is handled adds up to what was found.
    public PipelineProgress Snapshot() => new(Found, StoredCount, Skipped + NotDicom + NotAnInstance, HeldBack, Failed, Volatile.Read(ref _sent)) { FilesTotal = Total };

    private void Report(string path, FileOutcome outcome, string reason, ref int counter)
    {
        // Relative paths are made here, for the few files not stored, rather than for every file on the hot path.
        _notStored.Enqueue(new ReportedFile(Path.GetRelativePath(inputDirectory, path), outcome, reason));
        Interlocked.Increment(ref counter);
    }
}
