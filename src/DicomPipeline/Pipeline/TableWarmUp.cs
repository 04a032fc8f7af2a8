using System.Security.Cryptography;
using DicomPipeline.Dicom;

namespace DicomPipeline.Pipeline;

/// <summary>
/// Loads the process-wide tables a run's first file needs, on a pool thread, as soon as a pipeline is made: the data
/// dictionary's index. Made lazily on first use, it (with the sweep's vocabulary, now generated data that needs no
/// loading) was made by the first worker while the others waited (10-15 ms of a run's start on one core); made here,
/// it loads while the application is still setting up and the run is preparing its steps. The same holds for the platform's HMAC: the
/// first one loads and initialises OpenSSL (libssl and libcrypto on Linux, a few milliseconds), which the first file's
/// pseudonyms waited for, and every other worker behind them.
/// </summary>
internal static class TableWarmUp
{
    /// <summary>Queues the loading; a no-op in effect once the tables are loaded.</summary>
    public static void Start() => ThreadPool.UnsafeQueueUserWorkItem(static _ => Load(), null);

    private static void Load()
    {
        try
        {
            DicomDictionary.TryGetEntry(DicomTag.PatientName, out _);

            // A fixed key and no data: nothing secret, only the library's loading and the HMAC's first set-up.
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, "table-warm-up"u8);
            Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
            hmac.GetHashAndReset(digest);
        }
        catch (Exception)
        {
            // A table that cannot load fails again, and is reported, where a run first uses it; not on a pool thread.
        }
    }
}
