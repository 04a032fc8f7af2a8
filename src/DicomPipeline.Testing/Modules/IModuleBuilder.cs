using DicomPipeline.Dicom;

namespace DicomPipeline.Testing.Modules;

/// <summary>Adds the attributes of one PS3.3 module (or, for the private blocks, one group of attributes) to an instance.</summary>
internal interface IModuleBuilder
{
    /// <summary>Sets this module's attributes of <paramref name="instance"/> on <paramref name="dataset"/>.</summary>
    void Build(DicomDataset dataset, InstanceContext instance);
}
