using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace DicomPipeline.Dicom;

/// <summary>
/// A DICOM dataset: attributes kept in ascending tag order, each a <see cref="DicomElement"/>, a
/// <see cref="DicomSequence"/> of nested datasets or a <see cref="DicomFragmentSequence"/>.
/// </summary>
/// <remarks>
/// The dataset holds each attribute as a <see cref="DicomEntry"/>: a plain value read from a file gets its
/// <see cref="DicomElement"/> only when a caller asks for it (then the same object every time). Reading a dataset from
/// several threads at once is safe, and threads asking for the same element first all get the same object.
/// </remarks>
public sealed partial class DicomDataset : IEnumerable<DicomAttribute>
{
    private readonly List<DicomEntry> _attributes = [];
    private DicomCharacterSet? _ownCharacterSet;

    // Counts changes to the list, so that enumerating the dataset while it changes fails as List's own enumerator does.
    private int _version;

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

    /// <summary>The attributes in tag order, read in place (valid until the dataset changes), with no object made for any.</summary>
    internal ReadOnlySpan<DicomEntry> Entries => CollectionsMarshal.AsSpan(Compacted());

    /// <summary>
    /// The attribute at <paramref name="index"/> in tag order, as held (no object made), read in place: valid until the
    /// dataset changes.
    /// </summary>
    internal ref readonly DicomEntry EntryAt(int index) => ref CollectionsMarshal.AsSpan(Compacted())[index];

    /// <summary>The attribute object at <paramref name="index"/> in tag order, made now if nobody asked for it before.</summary>
    internal DicomAttribute AttributeAt(int index) => CollectionsMarshal.AsSpan(Compacted())[index].Attribute;

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
        attribute = index >= 0 ? CollectionsMarshal.AsSpan(_attributes)[index].Attribute : null;
        return attribute is not null;
    }

    /// <summary>Looks up an attribute as held, without making an object for it.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="entry">The entry (a copy), when present.</param>
    /// <returns>True when present.</returns>
    internal bool TryGetEntry(DicomTag tag, out DicomEntry entry)
    {
        var index = IndexOf(tag);
        entry = index >= 0 ? CollectionsMarshal.AsSpan(_attributes)[index] : default;
        return index >= 0;
    }

    /// <summary>Looks up a plain value as held (in memory or in the source file), without making an object for it.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="entry">The entry (a copy), when present and not a sequence or fragments.</param>
    /// <returns>True when found.</returns>
    internal bool TryGetValueEntry(DicomTag tag, out DicomEntry entry) => TryGetEntry(tag, out entry) && entry.IsElement;

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

        Put(new DicomEntry(attribute));
        return this;
    }

    /// <summary>Sets a value in memory, replacing any attribute with the same tag, with no object made for it.</summary>
    internal void Set(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) => Put(new DicomEntry(tag, vr, bytes));

    /// <summary>Puts back an entry taken from this dataset (or its copy) as it was, object and all.</summary>
    internal void Put(in DicomEntry entry)
    {
        _version++;
        var count = _attributes.Count;
        if (count == 0 || _attributes[count - 1].Tag < entry.Tag)
        {
            _attributes.Add(entry);
        }
        else
        {
            var index = Find(entry.Tag);
            if (index >= 0)
            {
                CollectionsMarshal.AsSpan(_attributes)[index] = entry;
                Unmark(index);
            }
            else
            {
                Compacted().Insert(~Find(entry.Tag), entry);
            }
        }

        if (entry.Tag == SpecificCharacterSetTag)
        {
            RefreshCharacterSet();
        }
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

    /// <summary>
    /// <see cref="Remove(DicomTag)"/> for a caller walking the dataset that knows where the attribute was (a snapshot's
    /// index): no search when it is still there, as it is unless the list was compacted since.
    /// </summary>
    internal bool RemoveAt(int index, DicomTag tag)
    {
        var span = CollectionsMarshal.AsSpan(_attributes);
        if ((uint)index < (uint)span.Length && span[index].Tag == tag && !IsMarked(index) && tag != SpecificCharacterSetTag)
        {
            Mark(index);
            return true;
        }

        return Remove(tag);
    }

    /// <summary>Removes every attribute for which <paramref name="predicate"/> is true, at this level only.</summary>
    /// <param name="predicate">Which attributes to remove.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(Predicate<DicomAttribute> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var list = Compacted();
        var span = CollectionsMarshal.AsSpan(list);
        var kept = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (!predicate(span[i].Attribute))
            {
                span[kept++] = span[i];
            }
        }

        var removed = span.Length - kept;
        list.RemoveRange(kept, removed);
        _version++;
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
        copy._attributes.Capacity = attributes.Length;
        CollectionsMarshal.SetCount(copy._attributes, attributes.Length);
        var target = CollectionsMarshal.AsSpan(copy._attributes);

        // One block copy (the values and the objects made are shared: both are immutable), then each sequence its own.
        attributes.CopyTo(target);
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i].Sequence is { } sequence)
            {
                target[i] = new DicomEntry(CloneSequence(sequence, copy));
            }
        }

        copy._ownCharacterSet = _ownCharacterSet;
        return copy;
    }

    /// <inheritdoc/>
    public IEnumerator<DicomAttribute> GetEnumerator()
    {
        // By index, as List's own enumerator would, and failing as it does when the dataset changes while enumerated.
        var list = Compacted();
        var version = _version;
        for (var i = 0; i < list.Count; i++)
        {
            if (version != _version)
            {
                throw new InvalidOperationException("The dataset changed while it was enumerated.");
            }

            yield return CollectionsMarshal.AsSpan(list)[i].Attribute;
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The values a repeated tag replaced as the file was read (a file may hold a tag twice: the last one is the
    /// dataset's), or null; de-identification hunts for what they held, since the file's writer may have meant either.
    /// </summary>
    internal List<DicomEntry>? Shadowed { get; private set; }

    /// <summary>Copies the entries, in tag order, to the start of <paramref name="array"/> (a pooled snapshot to change the dataset while walking it).</summary>
    internal void CopyEntriesTo(DicomEntry[] array) => Compacted().CopyTo(array);

    /// <summary>
    /// Takes a dataset's attributes as read, into a list of exactly their number when the dataset is empty and the tags
    /// ascend (as a valid file's do); otherwise one by one, so that a tag out of order is sorted in and a repeated one
    /// replaces the earlier, as <see cref="AddOrUpdate"/> does.
    /// </summary>
    /// <param name="attributes">The attributes in the order read.</param>
    /// <param name="ascending">Whether their tags ascend strictly (the reader knows it from reading them).</param>
    internal void AddFromReader(ReadOnlySpan<DicomEntry> attributes, bool ascending)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Sequence is { } sequence)
            {
                sequence.Owner = this;
            }
        }

        if (_attributes.Count > 0 || !ascending)
        {
            foreach (var attribute in attributes)
            {
                // A repeated tag replaces the earlier value, which is kept aside: what it held is still the instance's.
                if (!ascending && TryGetEntry(attribute.Tag, out var earlier))
                {
                    (Shadowed ??= []).Add(earlier);
                }

                Put(attribute);
            }

            return;
        }

        _attributes.Capacity = attributes.Length;
        CollectionsMarshal.SetCount(_attributes, attributes.Length);
        attributes.CopyTo(CollectionsMarshal.AsSpan(_attributes));
        _version++;

        if (Contains(SpecificCharacterSetTag))
        {
            RefreshCharacterSet();
        }
    }

    private static DicomSequence CloneSequence(DicomSequence sequence, DicomDataset owner)
    {
        var copy = new DicomSequence(sequence.Tag) { Owner = owner };
        var items = copy.Items;
        foreach (var item in sequence.InnerItems)
        {
            items.Add(item.Clone());
        }

        return copy;
    }

    private void RefreshCharacterSet()
    {
        _ownCharacterSet = TryGetValueEntry(SpecificCharacterSetTag, out var element)
            ? DicomCharacterSet.FromSpecificCharacterSet(SplitValues(DecodeAscii(element.MemoryBytes.Span), DicomVR.CS))
            : null;
    }
}
