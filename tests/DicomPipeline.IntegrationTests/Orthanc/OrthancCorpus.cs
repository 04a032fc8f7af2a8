using DicomPipeline.Dicom;
using DicomPipeline.Orthanc;
using DicomPipeline.Testing;

namespace DicomPipeline.IntegrationTests.Orthanc;

/// <summary>A synthesized corpus with each file's identifiers and the Orthanc IDs computed from them.</summary>
internal sealed record OrthancCorpusFile(string Path, string PatientId, string StudyUid, string SeriesUid, string SopUid)
{
    public string InstanceId => OrthancIdentifiers.ComputeInstanceId(PatientId, StudyUid, SeriesUid, SopUid);

    public string StudyId => OrthancIdentifiers.ComputeStudyId(PatientId, StudyUid);
}

internal static class OrthancCorpus
{
    /// <summary>Writes two patients (one study, two series of two images each) into <paramref name="folder"/>.</summary>
    public static async Task<IReadOnlyList<OrthancCorpusFile>> WriteAsync(string folder, int seed)
    {
        var options = new SynthesisOptions { Patients = 2, InstancesPerSeries = 2, Rows = 16, Columns = 16, Seed = seed };
        var result = await new DicomCorpusSynthesizer(options).WriteAsync(folder);
        var files = new List<OrthancCorpusFile>();
        foreach (var path in result.Files)
        {
            var dataset = (await DicomFile.OpenAsync(path)).Dataset;
            files.Add(new OrthancCorpusFile(
                path,
                dataset.GetString(DicomTag.PatientID)!,
                dataset.GetString(DicomTag.StudyInstanceUID)!,
                dataset.GetString(DicomTag.SeriesInstanceUID)!,
                dataset.GetString(DicomTag.SOPInstanceUID)!));
        }

        return files;
    }

    /// <summary>Uploads every file, four at a time.</summary>
    public static async Task<IReadOnlyList<OrthancUploadResult>> UploadAsync(IOrthancClient client, IReadOnlyList<OrthancCorpusFile> files)
    {
        var results = new OrthancUploadResult[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, token) =>
            results[i] = await client.UploadInstanceAsync(files[i].Path, token));
        return results;
    }
}
