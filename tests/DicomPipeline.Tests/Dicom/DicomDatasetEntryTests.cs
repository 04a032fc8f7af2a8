using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

/// <summary>
/// A dataset holds a value read from a file as an entry (tag, VR, bytes) and makes its <see cref="DicomElement"/> only
/// when a caller asks (issue 28): every public way of reading must behave as if the object had been there all along.
/// </summary>
public sealed class DicomDatasetEntryTests
{
    private static DicomDataset Read(DicomDataset dataset)
    {
        using var stream = new MemoryStream();
        DicomWriter.WriteFileAsync(stream, new DicomFile(dataset), new DicomWriteOptions(), CancellationToken.None).GetAwaiter().GetResult();
        stream.Position = 0;
        return DicomReader.Read(stream, null, new DicomReadOptions(), CancellationToken.None).Dataset;
    }

    private static DicomDataset Header()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2", DicomVR.UI);
        dataset.SetString(DicomTag.PatientName, "Doe^Jane", DicomVR.PN);
        dataset.SetString(DicomTag.PatientID, "ID-0042", DicomVR.LO);
        dataset.SetString(DicomTag.StudyDescription, "CHEST", DicomVR.LO);
        dataset.SetString(DicomTag.Modality, string.Empty, DicomVR.CS);
        return dataset;
    }

    [Fact]
    public void An_element_read_is_the_same_object_each_time_it_is_asked_for()
    {
        var dataset = Read(Header());

        dataset.TryGetElement(DicomTag.PatientName, out var first).Should().BeTrue();
        dataset.TryGet(DicomTag.PatientName, out var second).Should().BeTrue();
        var enumerated = dataset.Single(a => a.Tag == DicomTag.PatientName);

        second.Should().BeSameAs(first);
        enumerated.Should().BeSameAs(first);
        dataset[DicomTag.PatientName].Should().BeSameAs(first);
    }

    [Fact]
    public void An_element_read_has_the_bytes_tag_and_vr_of_the_file()
    {
        var dataset = Read(Header());

        var name = (DicomElement)dataset[DicomTag.PatientName];
        var empty = (DicomElement)dataset[DicomTag.Modality];

        name.VR.Should().Be(DicomVR.PN);
        name.Tag.Should().Be(DicomTag.PatientName);
        System.Text.Encoding.ASCII.GetString(name.MemoryBytes.Span).Should().Be("Doe^Jane");
        empty.VR.Should().Be(DicomVR.CS);
        empty.Length.Should().Be(0);
        dataset.GetString(DicomTag.StudyDescription).Should().Be("CHEST");
    }

    [Fact]
    public void A_padded_value_is_read_as_one_string_without_its_padding()
    {
        // "CHEST" is written padded to an even length, "CHEST ": decoding it whole and trimming made two strings.
        var dataset = Read(Header());
        dataset.GetString(DicomTag.StudyDescription).Should().Be("CHEST");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = dataset.GetString(DicomTag.StudyDescription);
        var cost = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var same = new string('C', 5);
        var oneString = GC.GetAllocatedBytesForCurrentThread() - before;

        text.Should().Be("CHEST");
        same.Length.Should().Be(text!.Length);
        cost.Should().Be(oneString, "the value is decoded once, already without its padding");
    }

    [Fact]
    public void Enumerating_while_the_dataset_changes_fails_instead_of_skipping()
    {
        var dataset = Read(Header());

        var act = () =>
        {
            foreach (var attribute in dataset)
            {
                dataset.SetString(DicomTag.AccessionNumber, "A1", DicomVR.SH);
            }
        };

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_clone_shares_no_change_with_its_source()
    {
        var dataset = Read(Header());
        var clone = dataset.Clone();

        clone.SetString(DicomTag.PatientName, "Other^Name", DicomVR.PN);
        clone.Remove(DicomTag.PatientID);
        dataset.Remove(DicomTag.StudyDescription);

        dataset.GetString(DicomTag.PatientName).Should().Be("Doe^Jane");
        dataset.GetString(DicomTag.PatientID).Should().Be("ID-0042");
        clone.GetString(DicomTag.StudyDescription).Should().Be("CHEST");
        clone.GetString(DicomTag.PatientName).Should().Be("Other^Name");
    }

    [Fact]
    public void Threads_asking_for_the_same_elements_at_once_read_the_file_values_and_get_one_object()
    {
        // Making an element swaps the entry's array for the element: a reader that sees either must read the same bytes.
        var header = Header();
        for (var i = 0; i < 200; i++)
        {
            header.SetString(new DicomTag(0x0011, (ushort)(0x1000 + i)), "VALUE" + i, DicomVR.LO);
        }

        header.SetString(new DicomTag(0x0011, 0x0010), "CREATOR", DicomVR.LO);
        for (var round = 0; round < 20; round++)
        {
            var dataset = Read(header);
            var wrong = 0;
            var seen = new DicomAttribute?[8, 200];
            using var start = new Barrier(8);
            var threads = Enumerable.Range(0, 8).Select(thread => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    // The object each thread gets first: the one a racing thread made must not be replaced after.
                    var tag = new DicomTag(0x0011, (ushort)(0x1000 + i));
                    var first = dataset[tag];
                    var text = (i % 2 == 0) ? dataset.GetString(tag) : System.Text.Encoding.ASCII.GetString(((DicomElement)first).MemoryBytes.Span).TrimEnd();
                    seen[thread, i] = first;
                    if (text != "VALUE" + i)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            wrong.Should().Be(0);
            for (var i = 0; i < 200; i++)
            {
                for (var thread = 1; thread < 8; thread++)
                {
                    seen[thread, i].Should().BeSameAs(seen[0, i], "every thread gets the one object kept");
                }
            }
        }
    }
}
