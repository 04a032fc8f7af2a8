using DicomPipeline.Dicom;
using DicomPipeline.Imaging;
using DicomPipeline.IntegrationTests.Infrastructure;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>Runs DCMTK's and GDCM's codecs on test files and reads their output's frames.</summary>
internal static class PixelCodecTools
{
    /// <summary>Runs <paramref name="tool"/> <paramref name="options"/> <paramref name="input"/> output, failing the test when it fails; returns the output.</summary>
    public static async Task<string> ConvertAsync(string tool, string input, params string[] options)
    {
        var output = Path.Combine(Path.GetDirectoryName(input)!, $"{tool}-{Guid.NewGuid():N}.dcm");
        var executable = tool == "gdcmconv" ? DcmtkTools.Find("gdcmconv", "libgdcm-tools") : DcmtkTools.Find(tool);
        var result = await ProcessRunner.RunAsync(executable, [.. options, input, output]);
        result.ExitCode.Should().Be(0, result.ToString());
        return output;
    }

    /// <summary>Decodes every frame of <paramref name="path"/> with this library's decoders.</summary>
    public static IReadOnlyList<PixelFrame> DecodeAll(string path)
    {
        var file = DicomFile.Open(path);
        var source = FrameSource.Open(file.Dataset, file.TransferSyntax, out var reason);
        source.Should().NotBeNull(reason);
        return [.. Enumerable.Range(0, source!.FrameCount).Select(source.Decode)];
    }

    /// <summary>The transfer syntax a file was written in.</summary>
    public static string TransferSyntaxOf(string path) => DicomFile.Open(path).TransferSyntax.Uid;

    /// <summary>The frame's samples masked to <paramref name="bitsStored"/> bits, as a flat array.</summary>
    public static int[] Masked(PixelFrame frame, int bitsStored)
    {
        var mask = (1 << bitsStored) - 1;
        var values = new int[frame.Rows * frame.Columns * frame.SamplesPerPixel];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (frame.BytesPerSample == 1 ? frame.Data[i] : frame.Data[i * 2] | (frame.Data[(i * 2) + 1] << 8)) & mask;
        }

        return values;
    }

    /// <summary>The largest absolute difference between two frames' samples.</summary>
    public static int MaxDifference(int[] a, int[] b)
    {
        a.Length.Should().Be(b.Length);
        var max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    /// <summary>Writes <paramref name="nativePath"/>'s dataset with <paramref name="frames"/> as RLE Lossless fragments, one per frame.</summary>
    public static async Task<string> WriteRleAsync(string folder, string nativePath, IReadOnlyList<byte[]> frames)
    {
        var file = DicomFile.Open(nativePath);
        var dataset = file.Dataset.Clone();
        dataset.AddOrUpdate(new DicomFragmentSequence(
            DicomTag.PixelData,
            DicomVR.OB,
            new DicomElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty),
            frames.Select(f => new DicomElement(DicomTag.Item, DicomVR.OB, f))));
        var path = Path.Combine(folder, $"rle-{Guid.NewGuid():N}.dcm");
        await new DicomFile(dataset, DicomTransferSyntax.RleLossless).SaveAsync(path);
        return path;
    }
}
