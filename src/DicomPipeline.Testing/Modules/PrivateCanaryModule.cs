using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>
/// Not a standard module: two private blocks a de-identifier must deal with. Group 0009 holds the patient name as
/// text and opaque bytes; group 0019 holds the patient ID inside a UN value.
/// </summary>
/// <remarks>Draws the opaque bytes from the corpus's generator, after the pixel noise.</remarks>
internal sealed class PrivateCanaryModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetString(new DicomTag(0x00090010), DicomCorpusSynthesizer.PrivateCreator, DicomVR.LO);
        dataset.SetString(new DicomTag(0x00091001), instance.Patient.Name, DicomVR.LO);
        var opaque = new byte[16];
        instance.Random.NextBytes(opaque);
        dataset.SetBytes(new DicomTag(0x00091002), DicomVR.OB, opaque);
        dataset.SetString(new DicomTag(0x00190010), DicomCorpusSynthesizer.SecondPrivateCreator, DicomVR.LO);
        dataset.SetBytes(new DicomTag(0x00191001), DicomVR.UN, Encoding.ASCII.GetBytes("PATIENT=" + instance.Patient.Id + ";"));
    }
}
