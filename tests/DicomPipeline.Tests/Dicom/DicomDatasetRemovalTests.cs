using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// Removal is lazy inside the dataset (marked, then compacted in one pass when the list is next read in order): every
/// way of reading the dataset must see it exactly as if each removal had taken the attribute out at once.
/// </summary>
public sealed class DicomDatasetRemovalTests
{
    private static DicomDataset Numbered(int count)
    {
        var dataset = new DicomDataset();
        for (var i = 0; i < count; i++)
        {
            dataset.AddOrUpdate(Element(0x0009, (ushort)(0x1000 + (2 * i))));
        }

        return dataset;
    }

    private static DicomElement Element(ushort group, ushort element, string value = "X") =>
        new(new DicomTag(group, element), DicomVR.LO, System.Text.Encoding.ASCII.GetBytes(value));

    private static List<uint> Tags(DicomDataset dataset) => dataset.Select(a => a.Tag.Value).ToList();

    [Fact]
    public void A_removed_attribute_is_gone_from_every_view()
    {
        var dataset = Numbered(5);
        var gone = new DicomTag(0x0009, 0x1004);

        Assert.True(dataset.Remove(gone));

        Assert.False(dataset.Contains(gone));
        Assert.False(dataset.TryGet(gone, out _));
        Assert.False(dataset.Remove(gone));
        Assert.Equal(4, dataset.Count);
        Assert.Equal([0x00091000u, 0x00091002u, 0x00091006u, 0x00091008u], Tags(dataset));
        Assert.Equal(0x00091006u, dataset.AttributeAt(2).Tag.Value);
        Assert.Equal(4, dataset.Entries.Length);
        Assert.Throws<KeyNotFoundException>(() => dataset[gone]);
    }

    [Fact]
    public void An_attribute_added_again_after_its_removal_is_present_once_with_the_new_value()
    {
        var dataset = Numbered(4);
        var tag = new DicomTag(0x0009, 0x1002);
        dataset.Remove(tag);

        dataset.AddOrUpdate(Element(0x0009, 0x1002, "NEW"));

        Assert.Equal(4, dataset.Count);
        Assert.Equal("NEW", dataset.GetString(tag));
        Assert.Equal([0x00091000u, 0x00091002u, 0x00091004u, 0x00091006u], Tags(dataset));
    }

    [Fact]
    public void Inserting_between_removed_attributes_keeps_tag_order()
    {
        var dataset = Numbered(6);
        dataset.Remove(new DicomTag(0x0009, 0x1002));
        dataset.Remove(new DicomTag(0x0009, 0x1006));

        dataset.AddOrUpdate(Element(0x0009, 0x1005));
        dataset.AddOrUpdate(Element(0x0009, 0x1001));
        dataset.AddOrUpdate(Element(0x0009, 0x1020));

        Assert.Equal([0x00091000u, 0x00091001u, 0x00091004u, 0x00091005u, 0x00091008u, 0x0009100Au, 0x00091020u], Tags(dataset));
        Assert.False(dataset.Contains(new DicomTag(0x0009, 0x1002)));
        Assert.False(dataset.Contains(new DicomTag(0x0009, 0x1006)));
    }

    [Fact]
    public void Many_removals_across_word_boundaries_leave_exactly_the_rest()
    {
        var dataset = Numbered(200);
        var expected = new List<uint>();
        for (var i = 0; i < 200; i++)
        {
            var tag = new DicomTag(0x0009, (ushort)(0x1000 + (2 * i)));
            if (i % 3 == 0 || i is 63 or 64 or 127 or 128 or 199)
            {
                Assert.True(dataset.Remove(tag));
            }
            else
            {
                expected.Add(tag.Value);
            }
        }

        // Appending while removals are pending, then reading.
        dataset.AddOrUpdate(Element(0x0011, 0x0010));
        expected.Add(0x00110010u);

        Assert.Equal(expected, Tags(dataset));
        Assert.Equal(expected.Count, dataset.Count);
    }

    [Fact]
    public void Removing_at_a_stale_index_removes_the_attribute_named_not_the_one_now_there()
    {
        var dataset = Numbered(5);
        dataset.Remove(new DicomTag(0x0009, 0x1000));
        _ = dataset.Count;

        // Index 3 held 0x1006 before the compaction; now it holds 0x1008.
        Assert.True(dataset.RemoveAt(3, new DicomTag(0x0009, 0x1006)));
        Assert.False(dataset.RemoveAt(0, new DicomTag(0x0009, 0x1006)));
        Assert.True(dataset.RemoveAt(0, new DicomTag(0x0009, 0x1002)));

        Assert.Equal([0x00091004u, 0x00091008u], Tags(dataset));
    }

    [Fact]
    public void Clone_copy_and_remove_all_see_pending_removals()
    {
        var dataset = Numbered(5);
        dataset.Remove(new DicomTag(0x0009, 0x1000));
        dataset.Remove(new DicomTag(0x0009, 0x1008));

        var clone = dataset.Clone();
        var array = new DicomEntry[3];
        dataset.CopyEntriesTo(array);
        var removed = dataset.RemoveAll(a => a.Tag.Element == 0x1004);

        Assert.Equal([0x00091002u, 0x00091004u, 0x00091006u], Tags(clone));
        Assert.Equal([0x00091002u, 0x00091004u, 0x00091006u], array.Select(a => a.Tag.Value));
        Assert.Equal(1, removed);
        Assert.Equal([0x00091002u, 0x00091006u], Tags(dataset));
    }

    [Fact]
    public void Removing_the_character_set_forgets_it_and_adding_it_back_restores_it()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100", DicomVR.CS);
        dataset.SetString(DicomTag.PatientName, "Müller", DicomVR.PN);
        dataset.Remove(DicomTag.SpecificCharacterSet);

        Assert.Equal(DicomCharacterSet.Default, dataset.CharacterSet);

        dataset.SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100", DicomVR.CS);
        Assert.NotEqual(DicomCharacterSet.Default, dataset.CharacterSet);
        Assert.Equal(2, dataset.Count);
    }
}
