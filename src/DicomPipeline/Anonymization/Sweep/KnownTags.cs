using DicomPipeline.Dicom;

namespace DicomPipeline.Anonymization.Sweep;

/// <summary>What an AT value may name and still be kept: a tag that exists for this dataset.</summary>
internal static class KnownTags
{
    /// <summary>
    /// Whether <paramref name="tag"/> is a tag of the dictionary, a group length, a private creator present, or a private
    /// element of a block whose creator is kept here or in an enclosing dataset.
    /// </summary>
    public static bool Contains(DicomDataset dataset, DicomTag tag)
    {
        if (!tag.IsPrivate)
        {
            return DicomDictionary.TryGetEntry(tag, out _) || tag.Element == 0x0000;
        }

        if (tag.IsPrivateCreator || tag.Element == 0x0000)
        {
            return dataset.Contains(tag) || tag.Element == 0x0000;
        }

        // A private element of a block whose creator is kept, here or at the top level.
        if (tag.PrivateCreatorTag is not { } creator)
        {
            return false;
        }

        for (var d = dataset; d is not null; d = d.ParentSequence?.Owner)
        {
            if (d.Contains(creator))
            {
                return true;
            }
        }

        return false;
    }
}
