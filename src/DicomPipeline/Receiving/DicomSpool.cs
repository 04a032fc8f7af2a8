using System.Collections.Concurrent;
using System.Globalization;

namespace DicomPipeline.Receiving;

/// <summary>
/// The receiver's durable store of originals. An instance is written under <c>incoming/</c> as a temporary file,
/// flushed to disk (fsync) and renamed into <c>studies/STUDY_UID/SOP_INSTANCE_UID.dcm</c>: what is in <c>studies/</c>
/// is whole, and the same instance received twice is one file. A stable study is claimed by renaming its folder into
/// <c>processing/</c> (new instances of it start a new folder), processed, then deleted; a folder still in
/// <c>processing/</c> at start was not finished and is processed again. The file system's atomic renames are the
/// whole record: nothing else must agree with it after a crash.
/// </summary>
internal sealed class DicomSpool
{
    private readonly object _renames = new();
    private readonly ConcurrentDictionary<string, long> _lastReceived = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _claims;

    public DicomSpool(string root, TimeProvider time)
    {
        Root = Path.GetFullPath(root);
        _time = time;
        Incoming = Path.Combine(Root, "incoming");
        Studies = Path.Combine(Root, "studies");
        Processing = Path.Combine(Root, "processing");
        Failed = Path.Combine(Root, "failed");
    }

    public string Root { get; }

    public string Incoming { get; }

    public string Studies { get; }

    public string Processing { get; }

    public string Failed { get; }

    /// <summary>Creates the folders, drops temporary files a crash left, and starts the stability clock of every study found.</summary>
    public void Open()
    {
        Directory.CreateDirectory(Incoming);
        Directory.CreateDirectory(Studies);
        Directory.CreateDirectory(Processing);
        foreach (var partial in Directory.EnumerateFiles(Incoming))
        {
            File.Delete(partial);
        }

        var now = _time.GetTimestamp();
        foreach (var study in Directory.EnumerateDirectories(Studies))
        {
            _lastReceived[Path.GetFileName(study)] = now;
        }
    }

    /// <summary>Starts writing one instance: a temporary file under <c>incoming/</c>.</summary>
    public SpoolWrite Begin(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string callingAeTitle)
    {
        var temp = Path.Combine(Incoming, Guid.NewGuid().ToString("N") + ".partial");
        return new SpoolWrite(this, temp, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
    }

    /// <summary>Moves a complete, flushed temporary file into its study's folder; returns the study's key.</summary>
    internal string Commit(string temp, string studyUid, string sopInstanceUid)
    {
        var key = SafeName(studyUid);
        lock (_renames)
        {
            var folder = Path.Combine(Studies, key);
            Directory.CreateDirectory(folder);
            File.Move(temp, Path.Combine(folder, SafeName(sopInstanceUid) + ".dcm"), overwrite: true);
            _lastReceived[key] = _time.GetTimestamp();
        }

        return key;
    }

    /// <summary>The studies no instance has come for during <paramref name="stableAge"/>.</summary>
    public IReadOnlyList<string> StableStudies(TimeSpan stableAge) =>
        [.. _lastReceived.Where(s => _time.GetElapsedTime(s.Value) >= stableAge).Select(s => s.Key)];

    /// <summary>
    /// Takes a study for processing: renames its folder into <c>processing/</c> under a name of its own (sortable by time)
    /// and returns the new path, or null when it is gone.
    /// </summary>
    public string? Claim(string key)
    {
        lock (_renames)
        {
            _lastReceived.TryRemove(key, out _);
            var folder = Path.Combine(Studies, key);
            if (!Directory.Exists(folder))
            {
                return null;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Interlocked.Increment(ref _claims):D4}-{Guid.NewGuid().ToString("N")[..6]}");
            var target = Path.Combine(Processing, name);
            Directory.Move(folder, target);
            return target;
        }
    }

    /// <summary>The claimed folders a previous run did not finish, oldest first.</summary>
    public IReadOnlyList<string> Unfinished() => [.. Directory.EnumerateDirectories(Processing).Order(StringComparer.Ordinal)];

    /// <summary>A processed study is dropped from the spool.</summary>
    public static void Complete(string claimed) => Directory.Delete(claimed, recursive: true);

    /// <summary>A study whose run failed is kept aside under <c>failed/</c> for a person to look at, not retried forever.</summary>
    public void SetAside(string claimed)
    {
        Directory.CreateDirectory(Failed);
        Directory.Move(claimed, Path.Combine(Failed, Path.GetFileName(claimed)));
    }

    /// <summary>A UID as a file name: only digits and dots are kept (a UID holds nothing else), so no caller can pick a path.</summary>
    private static string SafeName(string uid)
    {
        var name = new string([.. uid.Where(c => c is (>= '0' and <= '9') or '.')]).Trim('.');
        return name.Length == 0 ? "unknown" : name;
    }
}
