using DicomPipeline.Dicom;
using DicomPipeline.Storage;

namespace DicomPipeline.IntegrationTests.Destinations;

/// <summary>Files handed to a destination as the store would: named by file name, with the SOP Instance UID of their header.</summary>
internal static class StoredInstances
{
    public static async Task<IReadOnlyList<StoredInstance>> FromFilesAsync(IEnumerable<string> paths)
    {
        var instances = new List<StoredInstance>();
        foreach (var path in paths)
        {
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { StopBeforePixelData = true });
            instances.Add(new StoredInstance(Path.GetFileName(path), path, "P", "S", "SE", file.Dataset.GetString(DicomTag.SOPInstanceUID)!, null));
        }

        return instances;
    }
}
