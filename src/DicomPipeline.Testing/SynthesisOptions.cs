using System.Globalization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Testing;

/// <summary>
/// What <see cref="DicomCorpusSynthesizer"/> generates: how many patients, studies, series and instances, the image
/// size, the transfer syntax of the files and the seed every random choice derives from.
/// </summary>
public sealed class SynthesisOptions
{
    /// <summary>The largest number of rows or columns an image may have.</summary>
    public const int MaxImageDimension = 4096;

    /// <summary>How many patients; 3 by default.</summary>
    public int Patients { get; set; } = 3;

    /// <summary>How many studies each patient has; 1 by default.</summary>
    public int StudiesPerPatient { get; set; } = 1;

    /// <summary>How many series each study has; 2 by default.</summary>
    public int SeriesPerStudy { get; set; } = 2;

    /// <summary>How many instances (slices) each series has; 4 by default.</summary>
    public int InstancesPerSeries { get; set; } = 4;

    /// <summary>Image rows, 1 to <see cref="MaxImageDimension"/>; 64 by default.</summary>
    public int Rows { get; set; } = 64;

    /// <summary>Image columns, 1 to <see cref="MaxImageDimension"/>; 64 by default.</summary>
    public int Columns { get; set; } = 64;

    /// <summary>
    /// The transfer syntax the files are written in: Explicit VR Little Endian by default; Implicit VR Little Endian,
    /// Explicit VR Big Endian and Deflated Explicit VR Little Endian are accepted too. Encapsulated (compressed)
    /// syntaxes are not, since this library does not compress.
    /// </summary>
    public DicomTransferSyntax TransferSyntax { get; set; } = DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>The seed of every random choice: names, identifiers, UIDs, dates and pixel noise; 1 by default.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// A copy, so later changes to this instance do not affect a synthesizer already made, checked as the
    /// synthesizer's constructor documents.
    /// </summary>
    /// <param name="paramName">The synthesizer's parameter, named in the exceptions.</param>
    /// <returns>The copy, and how many files it describes.</returns>
    internal (SynthesisOptions Copy, int FileCount) ValidatedCopy(string paramName)
    {
        var copy = new SynthesisOptions
        {
            Patients = Patients,
            StudiesPerPatient = StudiesPerPatient,
            SeriesPerStudy = SeriesPerStudy,
            InstancesPerSeries = InstancesPerSeries,
            Rows = Rows,
            Columns = Columns,
            TransferSyntax = TransferSyntax,
            Seed = Seed,
        };
        RequirePositive(copy.Patients, nameof(Patients), paramName);
        RequirePositive(copy.StudiesPerPatient, nameof(StudiesPerPatient), paramName);
        RequirePositive(copy.SeriesPerStudy, nameof(SeriesPerStudy), paramName);
        RequirePositive(copy.InstancesPerSeries, nameof(InstancesPerSeries), paramName);
        RequireDimension(copy.Rows, nameof(Rows), paramName);
        RequireDimension(copy.Columns, nameof(Columns), paramName);
        if (copy.TransferSyntax is null)
        {
            throw new ArgumentNullException(paramName, "SynthesisOptions.TransferSyntax must be set.");
        }

        if (copy.TransferSyntax.IsEncapsulated)
        {
            throw new ArgumentException(
                $"SynthesisOptions.TransferSyntax {copy.TransferSyntax.Name} is encapsulated; only uncompressed transfer syntaxes can be written.",
                paramName);
        }

        long total = 1;
        foreach (var count in (int[])[copy.Patients, copy.StudiesPerPatient, copy.SeriesPerStudy, copy.InstancesPerSeries])
        {
            total = total > int.MaxValue ? total : total * count;
        }

        if (total > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, total, "The options describe more files than can be listed.");
        }

        return (copy, (int)total);
    }

    private static void RequirePositive(int value, string name, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"SynthesisOptions.{name} must be positive.");
        }
    }

    private static void RequireDimension(int value, string name, string paramName)
    {
        if (value is < 1 or > MaxImageDimension)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"SynthesisOptions.{name} must be from 1 to {MaxImageDimension}."));
        }
    }
}
