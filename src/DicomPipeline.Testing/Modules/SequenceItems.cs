using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Sequences of one item, the shape every sequence of the corpus has.</summary>
internal static class SequenceItems
{
    /// <summary>Adds a sequence of one item to <paramref name="parent"/> and returns the item, attached first so that its text is encoded in the parent's character set.</summary>
    public static DicomDataset Add(DicomDataset parent, DicomTag sequenceTag)
    {
        var item = new DicomDataset();
        parent.AddOrUpdate(new DicomSequence(sequenceTag, item));
        return item;
    }

    /// <summary>An item of the Image SOP Instance Reference Macro (PS3.3 Table 10-3): a CT image of the corpus.</summary>
    public static void AddImageReference(DicomDataset parent, DicomTag sequenceTag, string sopInstanceUid)
    {
        var reference = Add(parent, sequenceTag);
        reference.SetString(DicomTag.ReferencedSOPClassUID, DicomCorpusSynthesizer.CTImageStorageUid);
        reference.SetString(DicomTag.ReferencedSOPInstanceUID, sopInstanceUid);
    }
}
