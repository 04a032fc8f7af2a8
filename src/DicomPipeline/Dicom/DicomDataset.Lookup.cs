using System.Runtime.InteropServices;

namespace DicomPipeline.Dicom;

/// <summary>Finding an attribute by tag, and the lazy removal that lookups see through.</summary>
public sealed partial class DicomDataset
{
    // Removal is lazy: Remove marks the attribute's index here and the list is compacted in one pass the next time it is
    // read in order (or an attribute is inserted), instead of shifting the rest of the list once per removal, which cost
    // a tenth of the de-identification of a file with many private attributes. Lookups treat a marked index as absent.
    private ulong[]? _removed;
    private int _removedCount;
    private int _finger;

    /// <summary>The index of <paramref name="tag"/> among the attributes present, or the complement of where it would go.</summary>
    private int IndexOf(DicomTag tag)
    {
        var index = Find(tag);
        return index >= 0 && IsMarked(index) ? ~index : index;
    }

    /// <summary>The list with every attribute marked removed taken out, in one pass.</summary>
    private List<DicomEntry> Compacted() => _removedCount == 0 ? _attributes : Compact();

    private List<DicomEntry> Compact()
    {
        var span = CollectionsMarshal.AsSpan(_attributes);
        var kept = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (!IsMarked(i))
            {
                span[kept++] = span[i];
            }
        }

        _attributes.RemoveRange(kept, span.Length - kept);
        _version++;
        Array.Clear(_removed!);
        _removedCount = 0;
        return _attributes;
    }

    private bool IsMarked(int index) =>
        _removedCount > 0 && (index >> 6) < _removed!.Length && (_removed[index >> 6] & (1UL << index)) != 0;

    private void Mark(int index)
    {
        if (_removed is null || (index >> 6) >= _removed.Length)
        {
            Array.Resize(ref _removed, (_attributes.Count + 63) >> 6);
        }

        _removed[index >> 6] |= 1UL << index;
        _removedCount++;
    }

    private void Unmark(int index)
    {
        if (IsMarked(index))
        {
            _removed![index >> 6] &= ~(1UL << index);
            _removedCount--;
        }
    }

    /// <summary>Binary search over the list as it is, marked attributes included.</summary>
    private int Find(DicomTag tag)
    {
        var attributes = CollectionsMarshal.AsSpan(_attributes);
        var value = tag.Value;

        // De-identification asks for the attribute it is at, or the next one, far more often than for any other: try
        // where the last search ended before searching. Only a hint (checked here), so a stale one is harmless.
        var finger = _finger;
        if ((uint)finger < (uint)attributes.Length)
        {
            var at = attributes[finger].Tag.Value;
            if (at == value)
            {
                return finger;
            }

            if (at < value && finger + 1 < attributes.Length && attributes[finger + 1].Tag.Value == value)
            {
                _finger = finger + 1;
                return finger + 1;
            }
        }

        var lo = 0;
        var hi = attributes.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var current = attributes[mid].Tag.Value;
            if (current == value)
            {
                _finger = mid;
                return mid;
            }

            if (current < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
