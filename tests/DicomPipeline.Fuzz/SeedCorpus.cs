using DicomPipeline.Dicom;
using DicomPipeline.Testing;

namespace DicomPipeline.Fuzz;

/// <summary>Small synthesized files, one per uncompressed transfer syntax, as the fuzzer's starting points.</summary>
internal static class SeedCorpus
{
    private static readonly DicomTransferSyntax[] Syntaxes =
    [
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    ];

    public static async Task<int> WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var scratch = Directory.CreateTempSubdirectory("fuzz-seed-");
        try
        {
            var count = 0;
            foreach (var syntax in Syntaxes)
            {
                // Tiny images keep the inputs small: fuzzers mutate headers far more usefully than pixels.
                var options = new SynthesisOptions
                {
                    Patients = 1,
                    SeriesPerStudy = 1,
                    InstancesPerSeries = 1,
                    Rows = 4,
                    Columns = 4,
                    TransferSyntax = syntax,
                };
                var target = Path.Combine(scratch.FullName, syntax.Uid);
                var result = await new DicomCorpusSynthesizer(options).WriteAsync(target).ConfigureAwait(false);
                foreach (var file in result.Files)
                {
                    File.Copy(file, Path.Combine(directory, $"seed-{count++:D2}-{syntax.Uid}.dcm"), overwrite: true);
                }
            }

            return count;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
