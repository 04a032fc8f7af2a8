using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>General Image (PS3.3 C.7.6.1): the instance number, content date and time, and a comment naming the patient.</summary>
internal sealed class GeneralImageModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetNumbers(DicomTag.InstanceNumber, null, instance.InstanceIndex + 1);
        dataset.SetDate(DicomTag.ContentDate, instance.Study.Date);
        dataset.SetTime(DicomTag.ContentTime, instance.ContentTime);
        dataset.SetString(
            DicomTag.ImageComments,
            string.Create(CultureInfo.InvariantCulture, $"Synthetic CT phantom of {instance.Patient.Name}, slice {instance.InstanceIndex + 1}"));
    }
}
