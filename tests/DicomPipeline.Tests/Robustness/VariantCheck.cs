using System.Diagnostics;
using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Robustness;

/// <summary>
/// The contract every corrupted input is held to: the reader returns a dataset (which then writes without error) or
/// throws <see cref="DicomFormatException"/> with an offset; nothing else, within <see cref="TimeLimit"/>, allocating at
/// most <see cref="AllocationLimit"/> bytes.
/// </summary>
internal static class VariantCheck
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);

    public const long AllocationLimit = 256L * 1024 * 1024;

    /// <summary>Checks one variant; returns why it broke the contract, or null.</summary>
    /// <param name="variant">The input.</param>
    /// <param name="mustThrow">Whether only <see cref="DicomFormatException"/> is right (the input is malformed by construction).</param>
    /// <param name="open">How the bytes are presented to the reader; a <see cref="MemoryStream"/> unless a test injects a fault.</param>
    public static string? Run(MutationVariant variant, bool mustThrow = false, Func<byte[], Stream>? open = null)
    {
        // The allocation counter is this thread's: it means something only if the whole read runs here, with no await
        // that resumes elsewhere. Over an in-memory stream ReadAsync completes before returning; a read that does not is
        // reported (its figure would miss what other threads allocated), not measured.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeLimit);
        string? problem = null;
        var allocated = 0L;
        try
        {
            using var stream = open?.Invoke(variant.Bytes) ?? new MemoryStream(variant.Bytes, writable: false);
            var read = DicomFile.ReadAsync(stream, cancellationToken: timeout.Token);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (!read.IsCompleted)
            {
                read.ContinueWith(static t => t.Exception, TaskScheduler.Default).Wait(TimeLimit * 2); // ends when the time limit cancels it
                return $"{variant}: the read did not complete on the calling thread, so its allocations cannot be measured";
            }

            var file = read.GetAwaiter().GetResult();
            problem = mustThrow ? "read returned a dataset, expected DicomFormatException" : Write(file);
        }
        catch (DicomFormatException ex) when (ex.Offset >= 0)
        {
        }
        catch (OperationCanceledException)
        {
            problem = $"still reading after {TimeLimit.TotalSeconds} s (cancelled)";
        }
#pragma warning disable CA1031 // Any other exception is exactly what this check reports.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problem = $"read threw {ex.GetType().Name}: {ex.Message}";
        }

        var elapsed = watch.Elapsed;
        if (allocated == 0)
        {
            // The read threw before returning its task (a synchronous throw is still this thread's work).
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        }

        if (problem is null && elapsed > TimeLimit)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"took {elapsed.TotalSeconds:F2} s (limit {TimeLimit.TotalSeconds} s)");
        }

        if (problem is null && allocated > AllocationLimit)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"allocated {allocated / (1024 * 1024)} MB (limit {AllocationLimit / (1024 * 1024)} MB)");
        }

        return problem is null ? null : $"{variant}: {problem}";
    }

    /// <summary>Runs every variant; fails with the ids of all that broke the contract (each rebuilds its input) and the first details.</summary>
    public static int RunAll(IEnumerable<MutationVariant> variants, bool mustThrow = false)
    {
        var failures = new List<(string Id, string Detail)>();
        var count = 0;
        foreach (var variant in variants)
        {
            count++;
            if (Run(variant, mustThrow) is { } problem)
            {
                failures.Add((variant.Id, problem));
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail(
                $"{failures.Count} of {count} variants broke the contract.{Environment.NewLine}" +
                $"Failing seeds (rebuild with MutationVariants.Create(family, syntax, seed)): {string.Join("; ", failures.Select(f => f.Id))}{Environment.NewLine}" +
                string.Join(Environment.NewLine, failures.Take(20).Select(f => f.Detail)));
        }

        return count;
    }

    private static string? Write(DicomFile file)
    {
        try
        {
            file.WriteAsync(Stream.Null).GetAwaiter().GetResult();
            return null;
        }
        catch (InvalidOperationException) when (!DicomTransferSyntax.IsKnown(file.TransferSyntax.Uid))
        {
            // A corrupted transfer syntax UID names an unknown (so encapsulated) syntax over native pixel data: refusing is right.
            return null;
        }
#pragma warning disable CA1031 // Any other exception is exactly what this check reports.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"write threw {ex.GetType().Name}: {ex.Message}";
        }
    }
}
