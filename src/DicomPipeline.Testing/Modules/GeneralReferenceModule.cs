using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>
/// General Reference (PS3.3 C.12.4): references between images, the UIDs a de-identifier must remap consistently:
/// each slice names the previous slice of its series, and each later series names the same slice of the first.
/// </summary>
internal sealed class GeneralReferenceModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        var sopInstanceUids = instance.Study.SopInstanceUids;
        if (instance.InstanceIndex > 0)
        {
            SequenceItems.AddImageReference(dataset, DicomTag.ReferencedImageSequence, sopInstanceUids[instance.SeriesIndex][instance.InstanceIndex - 1]);
        }

        if (instance.SeriesIndex > 0)
        {
            // Later series are reconstructed from the first.
            SequenceItems.AddImageReference(dataset, DicomTag.SourceImageSequence, sopInstanceUids[0][instance.InstanceIndex]);
        }
    }
}
