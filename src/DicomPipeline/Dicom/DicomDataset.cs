using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace DicomPipeline.Dicom;

/// <summary>
/// A DICOM dataset: attributes kept in ascending tag order, each a <see cref="DicomElement"/>, a
/// <see cref="DicomSequence"/> of nested datasets or a <see cref="DicomFragmentSequence"/>.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomAttribute>
{
    private readonly List<DicomAttribute> _attributes = [];
    private DicomCharacterSet? _ownCharacterSet;

    // Removal is lazy: Remove marks the attribute's index here and the list is compacted in one pass the next time it is
    // read in order (or an attribute is inserted), instead of shifting the rest of the list once per removal, which cost
    // a tenth of the de-identification of a file with many private attributes. Lookups treat a marked index as absent.
    private ulong[]? _removed;
    private int _removedCount;
    private int _finger;

    /// <summary>Creates an empty dataset.</summary>
    public DicomDataset()
    {
    }

    /// <summary>Creates a dataset holding the given attributes.</summary>
    /// <param name="attributes">The attributes, in any order; a later one replaces an earlier one with the same tag.</param>
    public DicomDataset(params IEnumerable<DicomAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var attribute in attributes)
        {
            AddOrUpdate(attribute);
        }
    }

    /// <summary>The number of attributes at this level (items of sequences not counted).</summary>
    public int Count => Compacted().Count;

    /// <summary>The attributes in tag order, for the reader and writer.</summary>
    internal IReadOnlyList<DicomAttribute> Attributes => Compacted();

    /// <summary>The attributes in tag order, read in place (valid until the dataset changes): no interface call per attribute.</summary>
    internal ReadOnlySpan<DicomAttribute> AttributeSpan => CollectionsMarshal.AsSpan(Compacted());

    /// <summary>The attribute at <paramref name="index"/> in tag order, without an interface call.</summary>
    internal DicomAttribute AttributeAt(int index) => Compacted()[index];

    /// <summary>The sequence this dataset is an item of, if any.</summary>
    internal DicomSequence? ParentSequence { get; set; }

    /// <summary>
    /// The character set that decodes this dataset's text: its own Specific Character Set (0008,0005) or, for a
    /// sequence item without one, the enclosing dataset's.
    /// </summary>
    internal DicomCharacterSet CharacterSet =>
        _ownCharacterSet ?? ParentSequence?.Owner?.CharacterSet ?? DicomCharacterSet.Default;

    /// <summary>Gets the attribute with the given tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="KeyNotFoundException">The dataset has no such attribute.</exception>
    public DicomAttribute this[DicomTag tag] =>
        TryGet(tag, out var attribute) ? attribute : throw new KeyNotFoundException($"The dataset has no {tag}.");

    /// <summary>Whether the dataset holds an attribute with the given tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>True when present.</returns>
    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>Looks up an attribute.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="attribute">The attribute, when present.</param>
    /// <returns>True when present.</returns>
    public bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomAttribute? attribute)
    {
        var index = IndexOf(tag);
        attribute = index >= 0 ? _attributes[index] : null;
        return attribute is not null;
    }

    /// <summary>Looks up a plain element (not a sequence).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="element">The element, when present and not a sequence.</param>
    /// <returns>True when found.</returns>
    public bool TryGetElement(DicomTag tag, [NotNullWhen(true)] out DicomElement? element)
    {
        element = TryGet(tag, out var attribute) ? attribute as DicomElement : null;
        return element is not null;
    }

    /// <summary>Looks up a sequence.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="sequence">The sequence, when present.</param>
    /// <returns>True when found.</returns>
    public bool TryGetSequence(DicomTag tag, [NotNullWhen(true)] out DicomSequence? sequence)
    {
        sequence = TryGet(tag, out var attribute) ? attribute as DicomSequence : null;
        return sequence is not null;
    }

    /// <summary>Adds an attribute, replacing any with the same tag.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>This dataset.</returns>
    public DicomDataset AddOrUpdate(DicomAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (attribute is DicomSequence sequence)
        {
            sequence.Owner = this;
        }

        var count = _attributes.Count;
        if (count == 0 || _attributes[count - 1].Tag < attribute.Tag)
        {
            // Stored through a span: List.Add stores into a DicomAttribute[] with the array covariance check, which costs
            // more than the rest of the append (the reader appends every attribute of every file here).
            CollectionsMarshal.SetCount(_attributes, count + 1);
            CollectionsMarshal.AsSpan(_attributes)[count] = attribute;
        }
        else
        {
            var index = Find(attribute.Tag);
            if (index >= 0)
            {
                _attributes[index] = attribute;
                Unmark(index);
            }
            else
            {
                Compacted().Insert(~Find(attribute.Tag), attribute);
            }
        }

        if (attribute.Tag == SpecificCharacterSetTag)
        {
            RefreshCharacterSet();
        }

        return this;
    }

    /// <summary>Removes the attribute with the given tag, if present.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>True when an attribute was removed.</returns>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        Mark(index);
        if (tag == SpecificCharacterSetTag)
        {
            _ownCharacterSet = null;
        }

        return true;
    }

    /// <summary>Removes every attribute for which <paramref name="predicate"/> is true, at this level only.</summary>
    /// <param name="predicate">Which attributes to remove.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(Predicate<DicomAttribute> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var removed = Compacted().RemoveAll(predicate);
        if (removed > 0 && !Contains(SpecificCharacterSetTag))
        {
            _ownCharacterSet = null;
        }

        return removed;
    }

    /// <summary>A deep copy: nested items are copied; values (immutable) and source-file regions are shared.</summary>
    /// <returns>The copy.</returns>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        var attributes = CollectionsMarshal.AsSpan(Compacted());
        CollectionsMarshal.SetCount(copy._attributes, attributes.Length);
        var target = CollectionsMarshal.AsSpan(copy._attributes);
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i];
            target[i] = attribute is DicomSequence sequence ? CloneSequence(sequence, copy) : attribute;
        }

        copy._ownCharacterSet = _ownCharacterSet;
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<DicomAttribute> GetEnumerator() => Compacted().GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Copies the attributes, in tag order, to the start of <paramref name="array"/> (a pooled snapshot to change the dataset while walking it).</summary>
    internal void CopyAttributesTo(DicomAttribute[] array) => Compacted().CopyTo(array);

    /// <summary>Appends during reading, where tags arrive in order (out-of-order tags are sorted in).</summary>
    internal void AddFromReader(DicomAttribute attribute) => AddOrUpdate(attribute);

    /// <summary>
    /// Takes a dataset's attributes as read, into a list of exactly their number when the dataset is empty and the tags
    /// ascend (as a valid file's do); otherwise one by one, so that a tag out of order is sorted in and a repeated one
    /// replaces the earlier, as <see cref="AddOrUpdate"/> does.
    /// </summary>
    /// <param name="attributes">The attributes in the order read.</param>
    /// <param name="ascending">Whether their tags ascend strictly (the reader knows it from reading them).</param>
    internal void AddFromReader(ReadOnlySpan<DicomAttribute> attributes, bool ascending)
    {
        if (_attributes.Count > 0 || !ascending)
        {
            foreach (var attribute in attributes)
            {
                AddOrUpdate(attribute);
            }

            return;
        }

        _attributes.Capacity = attributes.Length;
        CollectionsMarshal.SetCount(_attributes, attributes.Length);
        attributes.CopyTo(CollectionsMarshal.AsSpan(_attributes));
        foreach (var attribute in attributes)
        {
            if (attribute is DicomSequence sequence)
            {
                sequence.Owner = this;
            }
        }

        if (Contains(SpecificCharacterSetTag))
        {
            RefreshCharacterSet();
        }
    }

    private static DicomSequence CloneSequence(DicomSequence sequence, DicomDataset owner) =>
        new(sequence.Tag, sequence.Items.Select(item => item.Clone())) { Owner = owner };

    /// <summary>The index of <paramref name="tag"/> among the attributes present, or the complement of where it would go.</summary>
    private int IndexOf(DicomTag tag)
    {
        var index = Find(tag);
        return index >= 0 && IsMarked(index) ? ~index : index;
    }

    /// <summary>The list with every attribute marked removed taken out, in one pass.</summary>
    private List<DicomAttribute> Compacted()
    {
        if (_removedCount == 0)
        {
            return _attributes;
        }

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

    private void RefreshCharacterSet()
    {
        _ownCharacterSet = TryGetElement(SpecificCharacterSetTag, out var element)
            ? DicomCharacterSet.FromSpecificCharacterSet(SplitValues(DecodeAscii(element.MemoryBytes.Span), DicomVR.CS))
            : null;
    }
}
