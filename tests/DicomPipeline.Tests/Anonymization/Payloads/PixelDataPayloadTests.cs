using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.Payloads.PayloadTestData;

namespace DicomPipeline.Tests.Anonymization.Payloads;

public sealed class PixelDataPayloadTests
{
    /// <summary>Image descriptions (rows, columns, bits, samples, frames, photometric) and the identifier planted after the pixels.</summary>
    public static TheoryData<string, int, int, int, int, int, string, int, AnonymizationPolicy, int> NativeCases()
    {
        var data = new TheoryData<string, int, int, int, int, int, string, int, AnonymizationPolicy, int>();
        foreach (var policy in Policies)
        {
            foreach (var threshold in new[] { 16, 1 << 20 })
            {
                data.Add("8-bit mono, ID after", 4, 4, 8, 1, 1, "MONOCHROME2", 0, policy, threshold);
                data.Add("16-bit mono, birth date after", 4, 6, 16, 1, 1, "MONOCHROME2", 1, policy, threshold);
                data.Add("RGB, name in UTF-8 after", 3, 5, 8, 3, 1, "RGB", 2, policy, threshold);
                data.Add("3 frames, ID in UTF-16 after", 2, 4, 16, 1, 3, "MONOCHROME2", 3, policy, threshold);
                data.Add("1-bit, 2 frames, name in UTF-16BE after", 3, 3, 1, 1, 2, "MONOCHROME2", 4, policy, threshold);
                data.Add("YBR_FULL_422, name and date after", 2, 4, 8, 3, 1, "YBR_FULL_422", 5, policy, threshold);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NativeCases))]
    public async Task Anonymize_NativePixelDataWithBytesAfterTheImage_CutToTheImage(
        string description, int rows, int columns, int bits, int samples, int frames, string photometric, int plant, AnonymizationPolicy policy, int threshold)
    {
        _ = description;
        var ds = Image(rows, columns, bits, samples, frames, photometric);
        var perPixel = photometric == "YBR_FULL_422" ? 2 : samples;
        var imageBytes = (int)(((long)rows * columns * perPixel * frames * bits + 7) / 8);
        var pixels = Pixels(imageBytes);
        ds.SetBytes(DicomTag.PixelData, bits > 8 ? DicomVR.OW : DicomVR.OB, Concat(pixels, Plant(plant), Pixels(6)));

        var (output, result) = await AnonymizeFromFileAsync(ds, policy, threshold: threshold);

        Leaks(output).Should().BeEmpty();
        var written = (await ReadAsync(output)).TryGetElement(DicomTag.PixelData, out var element) ? element.GetBytes().ToArray() : null;
        written.Should().NotBeNull();
        written!.Take(imageBytes).Should().Equal(pixels);
        written!.Length.Should().Be(imageBytes + (imageBytes & 1));
        result.PayloadActions.Should().ContainSingle(a => a.TagPath == "(7FE0,0010)");
    }

    [Fact]
    public async Task Anonymize_NativePixelDataOfExactLength_LeftInTheFileAndUntouched()
    {
        var ds = Image(16, 16, 16);
        var pixels = Pixels(512);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        var path = Path.Combine(Path.GetTempPath(), "payload-" + Guid.NewGuid().ToString("N") + ".dcm");
        try
        {
            await new DicomFile(ds).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 16 });
            file.Dataset.TryGetElement(DicomTag.PixelData, out var original).Should().BeTrue();

            var result = new ConfidentialityProfileAnonymizer(AnonymizationTestData.Options()).Anonymize(file);

            result.Dataset.TryGetElement(DicomTag.PixelData, out var kept).Should().BeTrue();
            kept.Should().BeSameAs(original);
            result.PayloadActions.Should().BeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
