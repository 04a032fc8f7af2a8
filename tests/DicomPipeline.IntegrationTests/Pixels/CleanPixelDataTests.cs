using System.Globalization;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Imaging;
using DicomPipeline.IntegrationTests.Infrastructure;
using DicomPipeline.IntegrationTests.RealFiles;
using static DicomPipeline.IntegrationTests.Pixels.TextImageRenderer;

namespace DicomPipeline.IntegrationTests.Pixels;

/// <summary>
/// Clean Pixel Data end to end: images with the patient's name, ID and birth date drawn into their pixels (several
/// fonts and sizes, both polarities), declaring Burned In Annotation YES, in each syntax DCMTK and GDCM encode, go
/// through the anonymizer; an independent pass (DCMTK renders the output, Debian's tesseract CLI reads it) must read
/// none of the identifiers where it read them in the input, lossless outputs must differ from the input only inside
/// the drawn identifiers' boxes, and dciodvfy must report no new error.
/// </summary>
public sealed class CleanPixelDataTests : IDisposable
{
    private const int Width = 240;
    private const int Height = 180;
    private static readonly string[] Identifiers = ["WALKER", "ROSEMARY", "48151623", "1961"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dicompipeline-clean-" + Guid.NewGuid().ToString("N")[..12]);

    public static TheoryData<string, string[], int, bool> Cases() => new()
    {
        // case, encoder and options (none: native), frames, lossless
        { "native", [], 2, true },
        // Stored values inverted, shown as MONOCHROME2 would be; stored indices into a grey-and-tint palette.
        { "monochrome1", [], 1, true },
        { "palette", [], 1, true },
        { "rle", ["dcmcrle"], 2, true },
        { "jpeg-lossless", ["dcmcjpeg", "+e1"], 1, true },
        // Process 14 with a selection value other than 1 (predictor 7), two frames.
        { "jpeg-lossless-14", ["dcmcjpeg", "+el", "+sv", "7"], 2, true },
        { "jpeg-ls", ["dcmcjpls"], 1, true },
        { "jpeg2000", ["gdcmconv", "--j2k"], 2, true },
        { "jpeg-baseline", ["dcmcjpeg", "+eb"], 2, false },
        { "jpeg-ls-near-lossless", ["dcmcjpls", "+en"], 1, false },
        { "jpeg2000-lossy", ["gdcmconv", "--j2k", "--lossy", "-q", "40"], 1, false },
        // A 12-bit source (Bits Stored 12): DCMTK keeps 12-bit samples in the extended process.
        { "jpeg-extended-12", ["dcmcjpeg", "+ee"], 1, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Anonymize_CleanPixelData_IdentifiersNoLongerReadable(string name, string[] encoder, int frames, bool lossless)
    {
        var (input, boxes) = await WriteInputAsync(frames, name, bitsStored: name.EndsWith("-12", StringComparison.Ordinal) ? 12 : 8, photometric: name switch
        {
            "monochrome1" => "MONOCHROME1",
            "palette" => "PALETTE COLOR",
            _ => "MONOCHROME2",
        });
        if (encoder.Length > 0)
        {
            input = await PixelCodecTools.ConvertAsync(encoder[0], input, encoder[1..]);
        }

        var before = await ReadWithTesseractAsync(input, frames);
        Identifiers.Should().OnlyContain(id => before.Contains(id, StringComparison.Ordinal), "the independent OCR pass must read the identifiers in the input, or this test proves nothing");

        var options = new AnonymizationOptions { Secret = "pixels-test-secret-9f3c1a7e5b2d4068", CleanPixelData = true };
        var result = new ConfidentialityProfileAnonymizer(options).Anonymize(DicomFile.Open(input));

        result.HeldBackReason.Should().BeNull();
        var output = Path.Combine(_folder, $"{name}-out.dcm");
        await result.File.SaveAsync(output);
        var after = await ReadWithTesseractAsync(output, frames);
        Identifiers.Where(id => after.Contains(id, StringComparison.Ordinal)).Should().BeEmpty($"no identifier may be readable after cleaning ({name}); read: {after}");
        after.Should().Contain("SAGITTAL", "text that is no identifier is kept");

        var written = DicomFile.Open(output);
        written.Dataset.GetString(DicomTag.BurnedInAnnotation).Should().Be("YES", "a line was found that was not blanked");
        written.Dataset.TryGetSequence(new DicomTag(0x00120064), out var methods).Should().BeTrue();
        methods!.Items.Select(i => i.GetString(new DicomTag(0x00080100))).Should().Contain("113101");
        if (lossless)
        {
            written.TransferSyntax.Should().Be(encoder.Length == 0 ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.RleLossless);
            ChangedPixelsOutside(input, output, boxes).Should().Be(0, "pixels outside the identifiers' boxes stay bit-identical");
        }
        else
        {
            written.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
            written.Dataset.GetString(DicomTag.LossyImageCompression).Should().Be("01");
            written.Dataset.GetString(DicomTag.LossyImageCompressionMethod).Should().NotBeNullOrEmpty("the first generation's method is named");
            written.Dataset.GetString(DicomTag.LossyImageCompressionRatio).Should().NotBeNullOrEmpty("and its ratio");
            written.Dataset.GetNumberOrDefault(DicomTag.BitsStored, 0).Should().Be(DicomFile.Open(input).Dataset.GetNumberOrDefault(DicomTag.BitsStored, 0), "samples keep their depth");
        }

        var newErrors = (await Dciodvfy.ErrorsAsync(output)).Except(await Dciodvfy.ErrorsAsync(input)).ToList();
        newErrors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(28)]
    public async Task Anonymize_NameAtSize_FoundAndBlanked(int size)
    {
        // The name's two parts on rows of their own at the size given (28-pixel text on one row would not fit). At 10
        // pixels the independent tesseract pass, on DCMTK's 3× enlargement, reads DejaVu Sans' WALKER as WALEER (the
        // redactor would still match it, with one edit), so that word is drawn in Liberation Sans.
        var frame = new TextFrame(25,
        [
            new(8, 8, size, LiberationSans, "WALKER", 235),
            new(8, 14 + size, size, DejaVuSans, "ROSEMARY", 235),
            new(8, 20 + (2 * size), 13, LiberationMono, "ID 48151623", 235),
            new(8, 140, 20, LiberationSans, "DOB 03/03/1961", 235),
            new(120, 100, 18, DejaVuSans, "SAGITTAL", 235),
        ]);
        var input = await WriteInputAsync(1, $"size-{size}", [frame]);
        var before = await ReadWithTesseractAsync(input.Path, 1);
        Identifiers.Should().OnlyContain(id => before.Contains(id, StringComparison.Ordinal), "the independent OCR pass must read the identifiers in the input, or this test proves nothing");

        var options = new AnonymizationOptions { Secret = "pixels-test-secret-6c1f0e9a3b7d4e25a8f1", CleanPixelData = true };
        var result = new ConfidentialityProfileAnonymizer(options).Anonymize(DicomFile.Open(input.Path));
        var output = Path.Combine(_folder, $"size-{size}-out.dcm");
        await result.File.SaveAsync(output);

        var after = await ReadWithTesseractAsync(output, 1);
        Identifiers.Where(id => after.Contains(id, StringComparison.Ordinal)).Should().BeEmpty($"no identifier may be readable after cleaning ({size} px); read: {after}");
        after.Should().Contain("SAGITTAL", "text that is no identifier is kept");
    }

    [Fact]
    public async Task Verify_InspectPixels_FindsNameInUncleanedPixelsOnly()
    {
        var (input, _) = await WriteInputAsync(1, "verify");
        var originals = Directory.CreateDirectory(Path.Combine(_folder, "originals")).FullName;
        File.Copy(input, Path.Combine(originals, "in.dcm"));
        var options = new AnonymizationOptions { Secret = "pixels-test-secret-6c1f0e9a3b7d4e25a8f1", CleanPixelData = true };
        var anonymizer = new ConfidentialityProfileAnonymizer(options);
        var cleaned = Directory.CreateDirectory(Path.Combine(_folder, "cleaned")).FullName;
        await anonymizer.Anonymize(DicomFile.Open(input)).File.SaveAsync(Path.Combine(cleaned, "out.dcm"));
        // The same image de-identified without Clean Pixel Data: its header is clean, its pixels are not.
        var uncleaned = Directory.CreateDirectory(Path.Combine(_folder, "uncleaned")).FullName;
        var headerOnly = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "pixels-test-secret-6c1f0e9a3b7d4e25a8f1", AllowBurnedInAnnotation = true });
        await headerOnly.Anonymize(DicomFile.Open(input)).File.SaveAsync(Path.Combine(uncleaned, "out.dcm"));
        var verifier = new DicomPipeline.Verification.OutputFolderVerifier(new DicomPipeline.Verification.VerificationOptions { InspectPixels = true });

        var dirty = await verifier.VerifyAsync(uncleaned, originals);
        var clean = await verifier.VerifyAsync(cleaned, originals);
        var headerOnlyReport = await new DicomPipeline.Verification.OutputFolderVerifier().VerifyAsync(uncleaned, originals);

        dirty.Findings.Should().Contain(f => f.File == "out.dcm" && f.TagPath == "pixels, frame 1", "the name and ID are readable in pixels that were not cleaned");
        clean.Findings.Where(f => f.TagPath.StartsWith("pixels", StringComparison.Ordinal)).Should().BeEmpty();
        headerOnlyReport.Findings.Should().NotContain(f => f.TagPath.StartsWith("pixels", StringComparison.Ordinal), "without InspectPixels the pixels are not read");
    }

    [Fact]
    public async Task VerifyFile_OutputClaimsCleanPixelsButNameStillReadable_FindsItInThePixels()
    {
        // An engine that reads nothing: the file claims the Clean Pixel Data Option (113101) with its text intact.
        var (input, _) = await WriteInputAsync(1, "claimed");
        var options = new AnonymizationOptions { Secret = "pixels-test-secret-6c1f0e9a3b7d4e25a8f1", CleanPixelData = true, TextDetectorFactory = () => new BlindTextDetector() };
        var output = Path.Combine(_folder, "claimed-out.dcm");
        await new ConfidentialityProfileAnonymizer(options).Anonymize(DicomFile.Open(input)).File.SaveAsync(output);
        var cleaned = Path.Combine(_folder, "cleaned-out.dcm");
        await new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = options.Secret, CleanPixelData = true }).Anonymize(DicomFile.Open(input)).File.SaveAsync(cleaned);
        using var verifier = new DicomPipeline.Verification.DeidentificationVerifier();

        var missed = await verifier.VerifyFileAsync(output, input, _folder);
        var clean = await verifier.VerifyFileAsync(cleaned, input, _folder);

        missed.Should().Contain(f => f.TagPath == "pixels, frame 1", "the per-file verifier of run --verify reads the pixels of an image that claims they are clean");
        clean.Should().NotContain(f => f.TagPath.StartsWith("pixels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunVerify_CleanPixelDataMissedTheName_ImageQuarantined()
    {
        var (input, _) = await WriteInputAsync(1, "gate");
        var inputFolder = Directory.CreateDirectory(Path.Combine(_folder, "gate-in")).FullName;
        File.Move(input, Path.Combine(inputFolder, "gate.dcm"));
        var output = Path.Combine(_folder, "gate-out");
        var quarantine = Path.Combine(_folder, "gate-quarantine");
        await using var pipeline = DicomPipelineBuilder.Create()
            .LoadFrom(inputFolder)
            .Anonymize(o => (o.Secret, o.CleanPixelData, o.TextDetectorFactory) = ("pixels-test-secret-6c1f0e9a3b7d4e25a8f1", true, () => new BlindTextDetector()))
            .SaveTo(output)
            .Verify(o => o.QuarantineDirectory = quarantine)
            .Build();

        var result = await pipeline.RunAsync();

        result.Report.Quarantined.Should().Be(1, "the verifier's own OCR pass reads the name the redactor missed");
        Directory.GetFiles(quarantine, "*.dcm", SearchOption.AllDirectories).Should().ContainSingle();
        Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_PixelTextAll_BlanksTextThatIsNoIdentifierToo()
    {
        var (input, _) = await WriteInputAsync(1, "all");
        var inputFolder = Directory.CreateDirectory(Path.Combine(_folder, "all-in")).FullName;
        File.Move(input, Path.Combine(inputFolder, "all.dcm"));
        var output = Path.Combine(_folder, "all-out");

        var run = await DicomPipeline.IntegrationTests.Robustness.ConsoleCli.RunAsync(
            ["run", "--input", inputFolder, "--anonymize", "--option", "clean-pixel-data", "--pixel-text", "all", "--output", output], timeout: TimeSpan.FromSeconds(180));

        run.ExitCode.Should().Be(0, run.ToString());
        var written = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        var after = await ReadWithTesseractAsync(written, 1);
        after.Should().NotContain("SAGITTAL", "--pixel-text all blanks every line OCR reads, identifier or not");
        DicomFile.Open(written).Dataset.GetString(DicomTag.BurnedInAnnotation).Should().Be("NO", "every line found was blanked");
    }

    [Fact]
    public async Task Anonymize_WithoutCleanPixelData_PixelsPassUntouchedOrHeldBackAsBefore()
    {
        var (native, _) = await WriteInputAsync(1, "untouched");
        var input = await PixelCodecTools.ConvertAsync("dcmcjpls", native);

        var heldBack = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "pixels-test-secret-9f3c1a7e5b2d4068" }).Anonymize(DicomFile.Open(input));
        var passed = new ConfidentialityProfileAnonymizer(new AnonymizationOptions { Secret = "pixels-test-secret-9f3c1a7e5b2d4068", AllowBurnedInAnnotation = true }).Anonymize(DicomFile.Open(input));

        heldBack.HeldBackReason.Should().StartWith("Burned In Annotation (0028,0301) is YES");
        var output = Path.Combine(_folder, "untouched-out.dcm");
        await passed.File.SaveAsync(output);
        var written = DicomFile.Open(output);
        written.TransferSyntax.Uid.Should().Be("1.2.840.10008.1.2.4.80");
        var before = ((DicomFragmentSequence)DicomFile.Open(input).Dataset[DicomTag.PixelData]).Fragments.Select(f => f.GetBytes().ToArray());
        var after = ((DicomFragmentSequence)written.Dataset[DicomTag.PixelData]).Fragments.Select(f => f.GetBytes().ToArray());
        after.Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "without the option pixel data is copied byte for byte");
        written.Dataset.GetString(DicomTag.BurnedInAnnotation).Should().Be("YES");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>How many samples differ between the two files' frames outside the identifiers' boxes (grown by 16 pixels).</summary>
    private static int ChangedPixelsOutside(string input, string output, IReadOnlyList<IReadOnlyList<int[]>> boxes)
    {
        var a = PixelCodecTools.DecodeAll(input);
        var b = PixelCodecTools.DecodeAll(output);
        b.Should().HaveCount(a.Count);
        var changed = 0;
        for (var f = 0; f < a.Count; f++)
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var inside = boxes[f].Take(3).Any(box => x >= box[0] - 16 && x < box[2] + 16 && y >= box[1] - 16 && y < box[3] + 16);
                    if (!inside && a[f].GetSample(y, x) != b[f].GetSample(y, x))
                    {
                        changed++;
                    }
                }
            }
        }

        return changed;
    }

    /// <summary>DCMTK renders each frame (min-max window, 3 times larger), Debian's tesseract CLI reads it: all text, upper case, no spaces.</summary>
    private async Task<string> ReadWithTesseractAsync(string path, int frames)
    {
        var raw = await PixelCodecTools.ConvertAsync("gdcmconv", path, "--raw");
        var text = new System.Text.StringBuilder();
        for (var f = 1; f <= frames; f++)
        {
            var png = Path.Combine(_folder, $"{Guid.NewGuid():N}.png");
            var render = await ProcessRunner.RunAsync(DcmtkTools.Find("dcmj2pnm"), ["+on", "+Wm", "+Sxf", "3", "+F", f.ToString(CultureInfo.InvariantCulture), raw, png]);
            render.ExitCode.Should().Be(0, render.ToString());
            var ocr = await ProcessRunner.RunAsync(DcmtkTools.Find("tesseract", "tesseract-ocr"), [png, "stdout", "--psm", "11"]);
            ocr.ExitCode.Should().Be(0, ocr.ToString());
            text.Append(ocr.StandardOutput);
        }

        return new string([.. text.ToString().ToUpperInvariant().Where(char.IsLetterOrDigit)]);
    }

    private async Task<(string Path, IReadOnlyList<IReadOnlyList<int[]>> Boxes)> WriteInputAsync(
        int frames, string name, IReadOnlyList<TextFrame>? drawn = null, int bitsStored = 8, string photometric = "MONOCHROME2")
    {
        // Frame 1 light text on dark, frame 2 dark on light; identifiers first (the boxes checked), then a line that is none.
        TextFrame Frame(int background, int fill, string nameFont, int nameSize) => new(background,
        [
            new(8, 8, nameSize, nameFont, "WALKER ROSEMARY", fill),
            new(8, 44, 13, LiberationMono, "ID 48151623", fill),
            new(8, 140, 20, LiberationSans, "DOB 03/03/1961", fill),
            new(120, 90, 18, DejaVuSans, "SAGITTAL", fill),
        ]);
        var all = new[] { Frame(25, 235, DejaVuSans, 16), Frame(215, 20, LiberationSans, 24) };
        var (pixels, boxes) = await RenderAsync(Width, Height, drawn ?? all.Take(frames).ToList(), _folder);
        var allocated = bitsStored > 8 ? 16 : 8;
        if (allocated == 16)
        {
            // The 8-bit drawing spread over 12 bits (255 becomes 4080, the low bits carry a little noise).
            var wide = new byte[pixels.Length * 2];
            for (var i = 0; i < pixels.Length; i++)
            {
                var value = (pixels[i] << (bitsStored - 8)) | (i * 7 % ((1 << (bitsStored - 8)) - 1));
                wide[2 * i] = (byte)value;
                wide[(2 * i) + 1] = (byte)(value >> 8);
            }

            pixels = wide;
        }
        else if (photometric == "MONOCHROME1")
        {
            pixels = [.. pixels.Select(p => (byte)(255 - p))];
        }

        var dataset = new DicomDataset()
            .SetString(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
            .SetString(DicomTag.SOPInstanceUID, "2.25." + Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture))
            .SetString(DicomTag.StudyInstanceUID, "2.25." + Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture))
            .SetString(DicomTag.SeriesInstanceUID, "2.25." + Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture))
            .SetString(DicomTag.Modality, "OT")
            .SetString(DicomTag.PatientName, "WALKER^ROSEMARY")
            .SetString(DicomTag.PatientID, "48151623")
            .SetString(DicomTag.PatientBirthDate, "19610303")
            .SetString(new DicomTag(0x00080064), "WSD") // Conversion Type
            .SetString(DicomTag.BurnedInAnnotation, "YES")
            .SetNumbers<ushort>(DicomTag.SamplesPerPixel, DicomVR.US, 1)
            .SetString(DicomTag.PhotometricInterpretation, photometric)
            .SetNumbers<ushort>(DicomTag.Rows, DicomVR.US, Height)
            .SetNumbers<ushort>(DicomTag.Columns, DicomVR.US, Width)
            .SetNumbers<ushort>(DicomTag.BitsAllocated, DicomVR.US, (ushort)allocated)
            .SetNumbers<ushort>(DicomTag.BitsStored, DicomVR.US, (ushort)bitsStored)
            .SetNumbers<ushort>(DicomTag.HighBit, DicomVR.US, (ushort)(bitsStored - 1))
            .SetNumbers<ushort>(DicomTag.PixelRepresentation, DicomVR.US, 0)
            .SetBytes(DicomTag.PixelData, allocated == 16 ? DicomVR.OW : DicomVR.OB, pixels);
        if (photometric == "PALETTE COLOR")
        {
            // 256 entries of 16 bits from index 0: grey with a warm tint, so each index is shown as its drawn brightness.
            byte[] Ramp(int scale) => [.. Enumerable.Range(0, 256).SelectMany(i => BitConverter.GetBytes((ushort)(i * scale / 256 * 257)))];
            foreach (var (descriptor, data, scale) in new[]
            {
                (DicomTag.RedPaletteColorLookupTableDescriptor, DicomTag.RedPaletteColorLookupTableData, 256),
                (DicomTag.GreenPaletteColorLookupTableDescriptor, DicomTag.GreenPaletteColorLookupTableData, 240),
                (DicomTag.BluePaletteColorLookupTableDescriptor, DicomTag.BluePaletteColorLookupTableData, 200),
            })
            {
                dataset.SetNumbers<ushort>(descriptor, DicomVR.US, 256, 0, 16);
                dataset.SetBytes(data, DicomVR.OW, Ramp(scale));
            }
        }

        if (frames > 1)
        {
            dataset.SetString(DicomTag.NumberOfFrames, frames.ToString(CultureInfo.InvariantCulture));
        }

        var path = Path.Combine(_folder, $"{name}-in.dcm");
        await new DicomFile(dataset).SaveAsync(path);
        return (path, boxes);
    }

    /// <summary>An OCR engine that reads nothing, standing for a redactor that missed the text.</summary>
    private sealed class BlindTextDetector : DicomPipeline.Redaction.ITextDetector
    {
        public IReadOnlyList<DicomPipeline.Redaction.TextLine> Detect(DicomPipeline.Redaction.GrayImage image, CancellationToken cancellationToken = default) => [];

        public void Dispose()
        {
        }
    }
}
