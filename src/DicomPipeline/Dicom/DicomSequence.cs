using System.Collections.ObjectModel;

namespace DicomPipeline.Dicom;

/// <summary>A sequence of items (VR SQ); each item is a dataset, nested to any depth.</summary>
public sealed class DicomSequence : DicomAttribute
{
    private readonly ItemList _items;

    /// <summary>Creates a sequence.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="items">The items, in order.</param>
    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = new ItemList(this);
        foreach (var item in items)
        {
            _items.Add(item);
        }
    }

    /// <summary>The items, in order. Adding an item here makes it inherit the owner's character set.</summary>
    public Collection<DicomDataset> Items => _items;

    /// <summary>
    /// The items as the list that holds them, for walking them with its struct enumerator: a <c>foreach</c> over
    /// <see cref="Items"/> boxes one per walk, which on an enhanced multi-frame header (thousands of sequences, each
    /// walked by the reader's writer, the profile, the needle collection, the payload step and the sweep) was ~10,000
    /// objects per file. Read only; changes go through <see cref="Items"/>.
    /// </summary>
    internal List<DicomDataset> InnerItems => _items.Inner;

    /// <summary>The dataset that holds this sequence, once it was added to one.</summary>
    internal DicomDataset? Owner { get; set; }

    private sealed class ItemList(DicomSequence sequence) : Collection<DicomDataset>
    {
        /// <summary>The list <see cref="Collection{T}"/> made for itself (its parameterless constructor makes a <see cref="List{T}"/>).</summary>
        public List<DicomDataset> Inner => (List<DicomDataset>)Items;

        protected override void InsertItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.ParentSequence = sequence;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.ParentSequence = sequence;
            base.SetItem(index, item);
        }
    }
}
