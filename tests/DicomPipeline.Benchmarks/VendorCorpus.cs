using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DicomPipeline.Dicom;

namespace DicomPipeline.Benchmarks;

/// <summary>
/// Builds a benchmark corpus from real vendor files (e.g. pydicom's GE <c>CT_small.dcm</c>, <c>MR_small.dcm</c>, an
/// enhanced multi-frame file): each series is copies of one template, in turn, with new patient identity, new Study,
/// Series, SOP Instance and Frame of Reference UIDs, and, for uncompressed single-frame templates, the image tiled up to
/// <c>--size</c> square. Everything else the vendor wrote (private groups, nested sequences, odd lengths) is kept, which
/// is what makes this corpus slower, and fairer, than our own synthesized one.
/// </summary>
/// <remarks>
/// <c>corpus-from --template FILE [--template FILE ...] --out DIR [--files N] [--size N] [--per-series N]</c>.
/// Files go to <c>DIR/pNNN/stNN/seNN/iNNNN.dcm</c>: <c>--per-series</c> instances (default 50) per series, except that a
/// multi-frame template's series is one file, as an enhanced acquisition is; two series per study, one study per patient. Deterministic: the same arguments give the same files.
/// </remarks>
internal static class VendorCorpus
{
    public static async Task<int> RunAsync(string[] args)
    {
        var templates = Values(args, "--template");
        var output = Value(args, "--out");
        if (templates.Count == 0 || output is null)
        {
            Console.Error.WriteLine("usage: corpus-from --template FILE [--template FILE ...] --out DIR [--files N] [--size N] [--per-series N]");
            return 2;
        }

        var files = Number(args, "--files", 2000);
        var size = Number(args, "--size", 0);
        var perSeries = Number(args, "--per-series", 50);
        var opened = new List<DicomFile>();
        foreach (var template in templates)
        {
            opened.Add(await DicomFile.OpenAsync(template));
        }

        // Tiling once per template: every copy shares the enlarged pixel bytes.
        var pixels = opened.Select(f => Enlarge(f, size)).ToList();
        var multiFrame = opened.Select(f => Frames(f.Dataset) > 1).ToList();
        var (i, series) = (0, 0);
        while (i < files)
        {
            var study = series / 2;
            var which = series % opened.Count; // one template per series: a series never mixes modalities

            // A multi-frame (enhanced) acquisition is one file holding every frame: its series is that one file.
            var count = Math.Min(files - i, multiFrame[which] ? 1 : perSeries);
            for (var k = 0; k < count; k++, i++)
            {
                var path = Path.Combine(
                    output,
                    string.Create(CultureInfo.InvariantCulture, $"p{study:D3}"),
                    string.Create(CultureInfo.InvariantCulture, $"st{study % 100:D2}"),
                    string.Create(CultureInfo.InvariantCulture, $"se{series % 2:D2}"),
                    string.Create(CultureInfo.InvariantCulture, $"i{i:D5}.dcm"));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var dataset = opened[which].Dataset.Clone();
                Personalize(dataset, study, series, i);
                if (pixels[which] is { } enlarged)
                {
                    dataset.SetNumbers(DicomTag.Rows, DicomVR.US, (ushort)size);
                    dataset.SetNumbers(DicomTag.Columns, DicomVR.US, (ushort)size);
                    dataset.SetBytes(DicomTag.PixelData, enlarged.VR, enlarged.Bytes);
                }

                await new DicomFile(dataset, opened[which].TransferSyntax).SaveAsync(path);
                if ((i + 1) % 500 == 0)
                {
                    Console.Error.WriteLine($"  {i + 1} of {files}");
                }
            }

            series++;
        }

        Console.Error.WriteLine($"Wrote {files} files from {templates.Count} template(s) into {output}.");
        return 0;
    }

    private static void Personalize(DicomDataset dataset, int study, int series, int instance)
    {
        var patient = string.Create(CultureInfo.InvariantCulture, $"{study:D3}");
        dataset.SetString(DicomTag.PatientName, $"VENDOR^PATIENT{patient}");
        dataset.SetString(DicomTag.PatientID, $"VND{patient}");
        dataset.SetString(DicomTag.PatientBirthDate, string.Create(CultureInfo.InvariantCulture, $"19{50 + (study % 50):D2}0{1 + (study % 9)}1{study % 10}"));
        dataset.SetString(DicomTag.AccessionNumber, $"ACC{patient}");
        dataset.SetString(DicomTag.StudyInstanceUID, Uid($"study/{study}"));
        dataset.SetString(DicomTag.SeriesInstanceUID, Uid($"series/{series}"));
        dataset.SetString(DicomTag.SOPInstanceUID, Uid($"instance/{instance}"));
        if (dataset.Contains(DicomTag.FrameOfReferenceUID))
        {
            dataset.SetString(DicomTag.FrameOfReferenceUID, Uid($"frame/{series}"));
        }

        dataset.SetString(DicomTag.InstanceNumber, (instance + 1).ToString(CultureInfo.InvariantCulture), DicomVR.IS);
    }

    /// <summary>A 2.25 UID from a name: the same name always gives the same UID.</summary>
    private static string Uid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("dicompipeline-vendor-corpus/" + name));
        return "2.25." + new BigInteger(hash.AsSpan(0, 16), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The template's native pixel data tiled to size×size, or null when it is kept as it is.</summary>
    private static (DicomVR VR, byte[] Bytes)? Enlarge(DicomFile file, int size)
    {
        var dataset = file.Dataset;
        var rows = dataset.GetNumberOrDefault<ushort>(DicomTag.Rows, 0);
        var columns = dataset.GetNumberOrDefault<ushort>(DicomTag.Columns, 0);
        if (size <= 0 || file.TransferSyntax.IsEncapsulated || Frames(dataset) != 1 || rows == 0 || columns == 0
            || !dataset.TryGetElement(DicomTag.PixelData, out var pixelData))
        {
            return null;
        }

        var samples = dataset.GetNumberOrDefault<ushort>(DicomTag.SamplesPerPixel, 1);
        var bytesPerPixel = dataset.GetNumberOrDefault<ushort>(DicomTag.BitsAllocated, 16) / 8 * samples;
        var source = pixelData.GetBytes().Span;
        var target = new byte[size * size * bytesPerPixel];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                var from = (((r % rows) * columns) + (c % columns)) * bytesPerPixel;
                source.Slice(from, bytesPerPixel).CopyTo(target.AsSpan(((r * size) + c) * bytesPerPixel));
            }
        }

        return (pixelData.VR, target);
    }

    private static int Frames(DicomDataset dataset) =>
        int.TryParse(dataset.GetString(DicomTag.NumberOfFrames), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;

    private static string? Value(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static List<string> Values(string[] args, string name) =>
        [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];

    private static int Number(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
