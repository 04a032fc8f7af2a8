using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Payloads;

/// <summary>
/// Reads small parts of fragments (a frame's first bytes, a fragment's last bytes) whether they are in memory or still
/// in the source file, keeping each source file open once for the whole instance.
/// </summary>
internal sealed class FragmentReader : IDisposable
{
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);

    /// <summary>Reads from <paramref name="position"/> in the fragment's value.</summary>
    /// <returns>How many bytes were read (fewer at its end).</returns>
    public int Read(DicomElement fragment, long position, Span<byte> destination)
    {
        if (fragment.Region is { } region)
        {
            if (!_files.TryGetValue(region.Path, out var file))
            {
                file = region.OpenForReading();
                _files.Add(region.Path, file);
            }

            return region.Read(position, destination, file);
        }

        var bytes = fragment.MemoryBytes.Span;
        if (position >= bytes.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(bytes.Length - position, destination.Length);
        bytes.Slice((int)position, count).CopyTo(destination);
        return count;
    }

    /// <summary>Whether the fragment's data starts with the two bytes given.</summary>
    public bool StartsWith(DicomElement fragment, byte first, byte second)
    {
        Span<byte> head = stackalloc byte[2];
        return Read(fragment, 0, head) == 2 && head[0] == first && head[1] == second;
    }

    /// <summary>
    /// Whether the fragment ends with an end-of-image (or JPEG 2000 end-of-codestream) marker, FF D9, ignoring the one
    /// NUL that pads an odd stream to even length. Entropy-coded data never holds FF D9, so this is where a frame ends.
    /// </summary>
    public bool EndsWithEndOfImage(DicomElement fragment)
    {
        if (fragment.Length < 2)
        {
            return false;
        }

        Span<byte> tail = stackalloc byte[3];
        var start = Math.Max(0, fragment.Length - 3);
        var count = Read(fragment, start, tail);
        var end = tail[..count];
        if (end.Length == 3 && end[2] == 0)
        {
            end = end[..2];
        }

        return end.Length >= 2 && end[^2] == 0xFF && end[^1] == 0xD9;
    }

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }

        _files.Clear();
    }
}
