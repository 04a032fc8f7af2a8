using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>General Equipment (PS3.3 C.7.5.1): the scanner, its station and serial number, and the institution.</summary>
internal sealed class GeneralEquipmentModule : IModuleBuilder
{
    public void Build(DicomDataset dataset, InstanceContext instance)
    {
        dataset.SetString(DicomTag.Manufacturer, "DicomPipeline Synthetic Imaging");
        dataset.SetString(DicomTag.InstitutionName, instance.Patient.Institution.Name);
        dataset.SetString(DicomTag.InstitutionAddress, instance.Patient.Institution.Address);
        dataset.SetString(DicomTag.StationName, instance.Study.StationName);
        dataset.SetString(DicomTag.ManufacturerModelName, "SynthCT 64");
        dataset.SetString(DicomTag.DeviceSerialNumber, instance.Study.DeviceSerialNumber);
        dataset.SetString(DicomTag.SoftwareVersions, "SYNTH 1.0");
    }
}
