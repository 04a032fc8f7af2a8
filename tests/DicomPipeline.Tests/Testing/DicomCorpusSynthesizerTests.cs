using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Dicom;

namespace DicomPipeline.Tests.Testing;

public sealed class DicomCorpusSynthesizerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dp-synth-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> UncompressedSyntaxes => TestData.UncompressedSyntaxUids;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_SameSeed_WritesByteIdenticalFiles()
    {
        var options = new SynthesisOptions { Patients = 3, SeriesPerStudy = 2, InstancesPerSeries = 3, Seed = 42 };
        var first = await new DicomCorpusSynthesizer(options).WriteAsync(Path.Combine(_root, "a"));
        var second = await new DicomCorpusSynthesizer(options).WriteAsync(Path.Combine(_root, "b"));

        var firstHashes = await HashesAsync(Path.Combine(_root, "a"), first.Files);
        var secondHashes = await HashesAsync(Path.Combine(_root, "b"), second.Files);

        firstHashes.Should().HaveCount(18);
        secondHashes.Should().Equal(firstHashes);
        second.IdentifyingValues.Should().Equal(first.IdentifyingValues);
        second.PatientIds.Should().Equal(first.PatientIds);
    }

    [Fact]
    public async Task WriteAsync_FixedSeed_WritesTheBytesRecordedBeforeTheSplitIntoModuleBuilders()
    {
        // Recorded with the single-class synthesizer of 3aee75f, as `sha256sum` lists the folder, then hashed:
        //   dicompipeline synth --out d --patients 4 --studies-per-patient 2 --series-per-study 2 --instances-per-series 2
        //     --rows 8 --columns 6 --seed 7 && cd d && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum
        // Four patients cover UTF-8, Latin-1, ASCII and a Japanese name. A change to any generated value, the order of
        // the seeded draws or the writer's bytes changes it; record it again only for a change meant to alter the corpus.
        const string Recorded = "e25633347b5aae4f73d4e068f985711675179ccbd559e4e0227e36a11c179511";
        var options = new SynthesisOptions { Patients = 4, StudiesPerPatient = 2, SeriesPerStudy = 2, InstancesPerSeries = 2, Rows = 8, Columns = 6, Seed = 7 };

        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root);

        var listing = new StringBuilder();
        foreach (var (path, hash) in (await HashesAsync(_root, result.Files)).OrderBy(h => h.Path, StringComparer.Ordinal))
        {
            listing.Append(CultureInfo.InvariantCulture, $"{hash.ToLowerInvariant()}  ./{path.Replace(Path.DirectorySeparatorChar, '/')}\n");
        }

        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString()))).Should().Be(Recorded);
    }

    [Fact]
    public void CreateDatasets_SameSeed_GivesTheSameDatasetsEachTime()
    {
        var synthesizer = new DicomCorpusSynthesizer(new SynthesisOptions { Seed = 7 });

        var first = synthesizer.CreateDatasets().Select(ds => TestData.Describe(ds)).ToList();
        var second = synthesizer.CreateDatasets().Select(ds => TestData.Describe(ds)).ToList();

        first.Should().HaveCount(synthesizer.FileCount).And.HaveCount(3 * 1 * 2 * 4);
        for (var i = 0; i < first.Count; i++)
        {
            second[i].Should().Equal(first[i]);
        }
    }

    [Fact]
    public void CreateDatasets_DifferentSeed_GivesDifferentUidsAndIdentifiers()
    {
        var one = Uids(new SynthesisOptions { Seed = 1 });
        var two = Uids(new SynthesisOptions { Seed = 2 });

        one.Should().NotIntersectWith(two);
        var idsOne = new DicomCorpusSynthesizer(new SynthesisOptions { Seed = 1 }).CreateDatasets().Select(ds => ds.GetString(DicomTag.PatientID)).Distinct();
        var idsTwo = new DicomCorpusSynthesizer(new SynthesisOptions { Seed = 2 }).CreateDatasets().Select(ds => ds.GetString(DicomTag.PatientID)).Distinct();
        idsOne.Should().NotIntersectWith(idsTwo);
    }

    [Fact]
    public void CreateDatasets_Uids_AreUniqueWellFormedAndSharedAsTheHierarchyRequires()
    {
        var options = new SynthesisOptions { Patients = 2, StudiesPerPatient = 2, SeriesPerStudy = 3, InstancesPerSeries = 3 };
        var datasets = new DicomCorpusSynthesizer(options).CreateDatasets().ToList();

        var sops = datasets.Select(ds => ds.GetString(DicomTag.SOPInstanceUID)!).ToList();
        var series = datasets.Select(ds => ds.GetString(DicomTag.SeriesInstanceUID)!).Distinct().ToList();
        var studies = datasets.Select(ds => ds.GetString(DicomTag.StudyInstanceUID)!).Distinct().ToList();
        var frames = datasets.Select(ds => ds.GetString(DicomTag.FrameOfReferenceUID)!).Distinct().ToList();

        sops.Should().OnlyHaveUniqueItems().And.HaveCount(36);
        series.Should().HaveCount(12);
        studies.Should().HaveCount(4);
        frames.Should().HaveCount(4);
        sops.Concat(series).Concat(studies).Concat(frames).Should().OnlyContain(uid =>
            uid.Length <= 64 && Regex.IsMatch(uid, @"^2\.25\.[1-9][0-9]*$"));
        sops.Concat(series).Concat(studies).Concat(frames).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task WriteAsync_Layout_IsNeutralFoldersAndReportsProgressPerFile()
    {
        var options = new SynthesisOptions { Patients = 2, StudiesPerPatient = 2, SeriesPerStudy = 3, InstancesPerSeries = 2, Rows = 8, Columns = 8 };
        var progress = new RecordingProgress();

        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root, progress);

        result.Files.Should().HaveCount(24);
        result.Files.Should().OnlyContain(f => File.Exists(f) && Path.IsPathFullyQualified(f));
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Should().HaveCount(24, "no temporary files are left behind");
        var relative = result.Files.Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToList();
        relative.Should().OnlyContain(r => Regex.IsMatch(r, @"^p\d{2}/st\d{2}/se\d{2}/i\d{4}\.dcm$"));
        relative[0].Should().Be("p01/st01/se01/i0001.dcm");
        relative[^1].Should().Be("p02/st02/se03/i0002.dcm");
        Directory.GetDirectories(_root).Select(Path.GetFileName).Should().BeEquivalentTo(["p01", "p02"]);
        progress.Values.Should().Equal(Enumerable.Range(1, 24));
        result.PatientIds.Should().HaveCount(2).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task WriteAsync_FolderAndFileNames_ContainNoPatientIdOrName()
    {
        var options = new SynthesisOptions { Patients = 6, InstancesPerSeries = 2, Rows = 8, Columns = 8 };
        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root);

        var segments = result.Files
            .SelectMany(f => Path.GetRelativePath(_root, f).Split(Path.DirectorySeparatorChar))
            .Distinct()
            .ToList();
        var forbidden = new List<string>(result.PatientIds);
        foreach (var ds in new DicomCorpusSynthesizer(options).CreateDatasets())
        {
            var name = ds.GetString(DicomTag.PatientName)!;
            forbidden.Add(name);
            forbidden.AddRange(name.Split('=', '^').Where(c => c.Length > 0));
            forbidden.Add(ds.GetString(DicomTag.PatientID)!);
        }

        foreach (var segment in segments)
        {
            forbidden.Should().NotContain(value => segment.Contains(value, StringComparison.OrdinalIgnoreCase), $"'{segment}' is a path segment");
        }
    }

    [Fact]
    public async Task WriteAsync_IdentifyingValues_HoldEveryPlantedIdentifier()
    {
        var options = new SynthesisOptions { Patients = 4, StudiesPerPatient = 2, InstancesPerSeries = 2, Rows = 8, Columns = 8 };
        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root);
        var values = result.IdentifyingValues.ToHashSet(StringComparer.Ordinal);

        values.Should().OnlyHaveUniqueItems();
        values.Should().NotContain(string.Empty);
        foreach (var path in result.Files)
        {
            var ds = (await DicomFile.OpenAsync(path)).Dataset;
            var name = ds.GetString(DicomTag.PatientName)!;
            values.Should().Contain(name);
            values.Should().Contain(name.Split('=', '^').Where(c => c.Length > 0));
            values.Should().Contain(ds.GetString(DicomTag.PatientID)!);
            values.Should().Contain(ds.GetString(DicomTag.PatientBirthDate)!);
            values.Should().Contain(ds.GetString(DicomTag.AccessionNumber)!);
            values.Should().Contain(ds.GetString(DicomTag.InstitutionName)!);
            values.Should().Contain(ds.GetString(DicomTag.InstitutionAddress)!);
            values.Should().Contain(ds.GetString(DicomTag.ReferringPhysicianName)!);
            values.Should().Contain(ds.GetString(DicomTag.PerformingPhysicianName)!);
            values.Should().Contain(ds.GetString(DicomTag.OperatorsName)!);
            values.Should().Contain(ds.GetString(DicomTag.StationName)!);
            values.Should().Contain(ds.GetString(DicomTag.DeviceSerialNumber)!);
            values.Should().Contain(ds.GetString(DicomTag.SOPInstanceUID)!);
            values.Should().Contain(ds.GetString(DicomTag.SeriesInstanceUID)!);
            values.Should().Contain(ds.GetString(DicomTag.StudyInstanceUID)!);
            values.Should().Contain(ds.GetString(DicomTag.FrameOfReferenceUID)!);
            ds.TryGetSequence(DicomTag.OtherPatientIDsSequence, out var others).Should().BeTrue();
            values.Should().Contain(others!.Items[0].GetString(DicomTag.PatientID)!);
            ds.TryGetSequence(DicomTag.RequestAttributesSequence, out var request).Should().BeTrue();
            values.Should().Contain(request!.Items[0].GetString(DicomTag.RequestedProcedureID)!);
            values.Should().Contain(request.Items[0].GetString(DicomTag.ScheduledProcedureStepID)!);
        }

        result.PatientIds.Should().BeSubsetOf(values);
    }

    [Fact]
    public async Task WriteAsync_FilesReadBack_WithTheExpectedAttributes()
    {
        var options = new SynthesisOptions { Patients = 4, SeriesPerStudy = 2, InstancesPerSeries = 3, Rows = 32, Columns = 48 };
        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root);
        var files = new List<DicomFile>();
        foreach (var path in result.Files)
        {
            files.Add(await DicomFile.OpenAsync(path));
        }

        foreach (var file in files)
        {
            var ds = file.Dataset;
            file.TransferSyntax.Should().Be(DicomTransferSyntax.ExplicitVRLittleEndian);
            file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID).Should().Be("1.2.840.10008.5.1.4.1.1.2");
            file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID).Should().Be(ds.GetString(DicomTag.SOPInstanceUID));
            ds.GetString(DicomTag.SOPClassUID).Should().Be(DicomCorpusSynthesizer.CTImageStorageUid);
            ds.GetString(DicomTag.Modality).Should().Be("CT");
            ds.GetStrings(DicomTag.ImageType).Should().Equal("ORIGINAL", "PRIMARY", "AXIAL");
            ds.GetDate(DicomTag.StudyDate).Should().NotBeNull();
            ds.GetTime(DicomTag.StudyTime).Should().NotBeNull();
            ds.GetTime(DicomTag.ContentTime).Should().NotBeNull();
            ds.GetDate(DicomTag.PatientBirthDate).Should().BeBefore(ds.GetDate(DicomTag.StudyDate)!.Value);
            ds.GetString(DicomTag.PatientSex).Should().BeOneOf("M", "F", "O");
            ds.GetString(DicomTag.PatientAge).Should().MatchRegex("^[0-9]{3}Y$");
            ds.GetNumberOrDefault(DicomTag.PatientWeight, 0.0).Should().BeInRange(40, 120);
            foreach (var tag in new[]
            {
                DicomTag.AccessionNumber, DicomTag.Manufacturer, DicomTag.InstitutionName, DicomTag.InstitutionAddress,
                DicomTag.ReferringPhysicianName, DicomTag.StationName, DicomTag.StudyDescription, DicomTag.SeriesDescription,
                DicomTag.PerformingPhysicianName, DicomTag.OperatorsName, DicomTag.PatientID, DicomTag.DeviceSerialNumber,
                DicomTag.SoftwareVersions, DicomTag.ProtocolName, DicomTag.StudyID, DicomTag.SeriesDate, DicomTag.AcquisitionDate,
                DicomTag.ContentDate, DicomTag.SeriesTime, DicomTag.AcquisitionTime,
            })
            {
                ds.GetString(tag).Should().NotBeNullOrEmpty(tag.ToString());
            }

            ds.GetStrings(DicomTag.ImagePositionPatient).Should().HaveCount(3);
            ds.GetStrings(DicomTag.ImageOrientationPatient).Should().Equal("1", "0", "0", "0", "1", "0");
            ds.GetStrings(DicomTag.PixelSpacing).Should().HaveCount(2);
            ds.GetNumberOrDefault(DicomTag.SliceThickness, 0.0).Should().BePositive();

            // Image pixel module and the phantom.
            ds.GetNumberOrDefault(DicomTag.SamplesPerPixel, 0).Should().Be(1);
            ds.GetString(DicomTag.PhotometricInterpretation).Should().Be("MONOCHROME2");
            ds.GetNumberOrDefault(DicomTag.Rows, 0).Should().Be(32);
            ds.GetNumberOrDefault(DicomTag.Columns, 0).Should().Be(48);
            ds.GetNumberOrDefault(DicomTag.BitsAllocated, 0).Should().Be(16);
            ds.GetNumberOrDefault(DicomTag.BitsStored, 0).Should().Be(12);
            ds.GetNumberOrDefault(DicomTag.HighBit, 0).Should().Be(11);
            ds.GetNumberOrDefault(DicomTag.PixelRepresentation, 0).Should().Be(1);
            ds.GetNumberOrDefault(DicomTag.RescaleIntercept, 0.0).Should().Be(-1024);
            ds.GetNumberOrDefault(DicomTag.RescaleSlope, 0.0).Should().Be(1);
            ds.GetNumberOrDefault(DicomTag.WindowCenter, 0.0).Should().Be(40);
            ds.GetNumberOrDefault(DicomTag.WindowWidth, 0.0).Should().Be(400);
            ds[DicomTag.SmallestImagePixelValue].VR.Should().Be(DicomVR.SS);
            ds[DicomTag.LargestImagePixelValue].VR.Should().Be(DicomVR.SS);
            ds.TryGetElement(DicomTag.PixelData, out var pixelData).Should().BeTrue();
            pixelData!.VR.Should().Be(DicomVR.OW);
            var pixels = pixelData.GetBytes().ToArray();
            pixels.Should().HaveCount(32 * 48 * 2);
            var stored = Enumerable.Range(0, 32 * 48).Select(i => BinaryPrimitives.ReadInt16LittleEndian(pixels.AsSpan(i * 2))).ToList();
            ds.GetNumberOrDefault<short>(DicomTag.SmallestImagePixelValue, 0).Should().Be(stored.Min());
            ds.GetNumberOrDefault<short>(DicomTag.LargestImagePixelValue, 0).Should().Be(stored.Max());
            stored.Should().OnlyContain(v => v >= -2048 && v <= 2047);
            (stored.Max() - stored.Min()).Should().BeGreaterThan(1000, "the phantom has air, tissue and bone");

            // Private blocks, overlay and comments.
            ds.GetString(new DicomTag(0x00090010)).Should().Be(DicomCorpusSynthesizer.PrivateCreator);
            ds.GetString(new DicomTag(0x00091001)).Should().Be(ds.GetString(DicomTag.PatientName));
            ds[new DicomTag(0x00091002)].VR.Should().Be(DicomVR.OB);
            ds.GetString(new DicomTag(0x00190010)).Should().Be(DicomCorpusSynthesizer.SecondPrivateCreator);
            ds[new DicomTag(0x00191001)].VR.Should().Be(DicomVR.UN);
            ds.GetNumberOrDefault(new DicomTag(0x60000010), 0).Should().Be(32);
            ds.GetNumberOrDefault(new DicomTag(0x60000011), 0).Should().Be(48);
            ds.GetNumberOrDefault(new DicomTag(0x60000100), 0).Should().Be(1);
            ds.TryGetElement(new DicomTag(0x60003000), out var overlay).Should().BeTrue();
            overlay!.VR.Should().Be(DicomVR.OW);
            overlay.Length.Should().Be(32 * 48 / 8);
            ds.GetString(DicomTag.ImageComments).Should().Contain(ds.GetString(DicomTag.PatientName));

            // Identifiers two sequence levels deep.
            ds.TryGetSequence(DicomTag.OtherPatientIDsSequence, out var others).Should().BeTrue();
            others!.Items.Should().ContainSingle();
            others.Items[0].GetString(DicomTag.PatientID).Should().NotBeNullOrEmpty().And.NotBe(ds.GetString(DicomTag.PatientID));
            others.Items[0].GetString(DicomTag.IssuerOfPatientID).Should().NotBeNullOrEmpty();
            ds.TryGetSequence(DicomTag.RequestAttributesSequence, out var request).Should().BeTrue();
            var requestItem = request!.Items.Should().ContainSingle().Subject;
            requestItem.GetString(DicomTag.RequestedProcedureID).Should().NotBeNullOrEmpty();
            requestItem.GetString(DicomTag.ScheduledProcedureStepID).Should().NotBeNullOrEmpty();
            requestItem.TryGetSequence(DicomTag.ReferencedPatientSequence, out var referencedPatient).Should().BeTrue();
            referencedPatient!.Items[0].GetString(DicomTag.PatientName).Should().Be(ds.GetString(DicomTag.PatientName));
            referencedPatient.Items[0].GetString(DicomTag.PatientID).Should().Be(ds.GetString(DicomTag.PatientID));
            requestItem.TryGetSequence(DicomTag.ReferencedStudySequence, out var referencedStudy).Should().BeTrue();
            referencedStudy!.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be(ds.GetString(DicomTag.StudyInstanceUID));
            ds.TryGetSequence(DicomTag.ReferringPhysicianIdentificationSequence, out var referring).Should().BeTrue();
            referring!.Items[0].TryGetSequence(DicomTag.PersonIdentificationCodeSequence, out var personCode).Should().BeTrue();
            personCode!.Items[0].GetString(DicomTag.CodeMeaning).Should().Be(ds.GetString(DicomTag.ReferringPhysicianName));
        }

        // References from image to image: the previous slice of the series, and the first series across series.
        var byUid = files.ToDictionary(f => f.Dataset.GetString(DicomTag.SOPInstanceUID)!);
        foreach (var ds in files.Select(f => f.Dataset))
        {
            var number = ds.GetNumberOrDefault(DicomTag.InstanceNumber, 0);
            var seriesNumber = ds.GetNumberOrDefault(DicomTag.SeriesNumber, 0);
            if (number == 1)
            {
                ds.Contains(DicomTag.ReferencedImageSequence).Should().BeFalse();
            }
            else
            {
                ds.TryGetSequence(DicomTag.ReferencedImageSequence, out var images).Should().BeTrue();
                images!.Items[0].GetString(DicomTag.ReferencedSOPClassUID).Should().Be(DicomCorpusSynthesizer.CTImageStorageUid);
                var previous = byUid[images.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID)!].Dataset;
                previous.GetString(DicomTag.SeriesInstanceUID).Should().Be(ds.GetString(DicomTag.SeriesInstanceUID));
                previous.GetNumberOrDefault(DicomTag.InstanceNumber, 0).Should().Be(number - 1);
            }

            if (seriesNumber > 1)
            {
                ds.TryGetSequence(DicomTag.SourceImageSequence, out var sources).Should().BeTrue();
                var source = byUid[sources!.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID)!].Dataset;
                source.GetString(DicomTag.StudyInstanceUID).Should().Be(ds.GetString(DicomTag.StudyInstanceUID));
                source.GetNumberOrDefault(DicomTag.SeriesNumber, 0).Should().Be(1);
            }
        }
    }

    [Fact]
    public void CreateDatasets_CharacterSets_CoverUtf8Latin1AndDefault()
    {
        var datasets = new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 4, InstancesPerSeries = 1, Rows = 4, Columns = 4 })
            .CreateDatasets()
            .ToList();

        var byCharset = datasets
            .GroupBy(ds => ds.GetString(DicomTag.SpecificCharacterSet) ?? "(default)")
            .ToDictionary(g => g.Key, g => g.Select(ds => ds.GetString(DicomTag.PatientName)!).ToList());

        byCharset.Keys.Should().BeEquivalentTo(["ISO_IR 192", "ISO_IR 100", "(default)"]);
        byCharset["ISO_IR 192"].Should().OnlyContain(name => name.Any(c => c > 0x7F));
        byCharset["ISO_IR 192"].Should().Contain(name => name.Contains('=', StringComparison.Ordinal) && name.Any(c => c >= 0x3040),
            "the fourth patient has a Japanese name with ideographic and phonetic groups");
        byCharset["ISO_IR 100"].Should().OnlyContain(name => name.Any(c => c > 0x7F) && name.All(c => c <= 0xFF));
        byCharset["(default)"].Should().OnlyContain(name => name.All(c => c < 0x80));
        datasets.Where(ds => ds.GetString(DicomTag.SpecificCharacterSet) == "ISO_IR 192")
            .Select(ds => ds.GetString(DicomTag.OperatorsName)!)
            .Should().OnlyContain(name => name.Any(c => c >= 0x3040), "UTF-8 datasets carry a Japanese operator name");
    }

    [Theory]
    [MemberData(nameof(UncompressedSyntaxes))]
    public async Task WriteAsync_EachUncompressedSyntax_RoundTrips(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var options = new SynthesisOptions { Patients = 4, SeriesPerStudy = 1, InstancesPerSeries = 2, Rows = 16, Columns = 20, TransferSyntax = syntax, Seed = 5 };
        var expected = new DicomCorpusSynthesizer(options).CreateDatasets().ToList();

        var result = await new DicomCorpusSynthesizer(options).WriteAsync(_root);

        result.Files.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var read = await DicomFile.OpenAsync(result.Files[i]);
            read.TransferSyntax.Should().Be(syntax);
            read.FileMetaInformation.GetString(DicomTag.TransferSyntaxUID).Should().Be(uid);
            var actual = read.Dataset;
            actual.GetString(DicomTag.PatientName).Should().Be(expected[i].GetString(DicomTag.PatientName));
            actual.GetString(DicomTag.PatientID).Should().Be(expected[i].GetString(DicomTag.PatientID));
            actual.GetString(DicomTag.SOPInstanceUID).Should().Be(expected[i].GetString(DicomTag.SOPInstanceUID));
            actual.GetNumberOrDefault<short>(DicomTag.SmallestImagePixelValue, 0)
                .Should().Be(expected[i].GetNumberOrDefault<short>(DicomTag.SmallestImagePixelValue, 0));
            ((DicomElement)actual[DicomTag.PixelData]).GetBytes().ToArray()
                .Should().Equal(((DicomElement)expected[i][DicomTag.PixelData]).GetBytes().ToArray());
            ((DicomElement)actual[new DicomTag(0x60003000)]).GetBytes().ToArray()
                .Should().Equal(((DicomElement)expected[i][new DicomTag(0x60003000)]).GetBytes().ToArray());
            if (syntax.IsExplicitVR)
            {
                TestData.Describe(actual).Should().Equal(TestData.Describe(expected[i]));
            }
            else
            {
                // Implicit VR carries no VR: private data elements come back as UN, their bytes unchanged.
                actual[new DicomTag(0x00091001)].VR.Should().Be(DicomVR.UN);
                ((DicomElement)actual[new DicomTag(0x00091001)]).GetBytes().ToArray()
                    .Should().Equal(((DicomElement)expected[i][new DicomTag(0x00091001)]).GetBytes().ToArray());
            }
        }
    }

    [Fact]
    public async Task WriteAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => new DicomCorpusSynthesizer(new SynthesisOptions()).WriteAsync(_root, cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Constructor_CopiesOptions()
    {
        var options = new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1 };
        var synthesizer = new DicomCorpusSynthesizer(options);
        options.Patients = 5;

        synthesizer.FileCount.Should().Be(1);
        synthesizer.CreateDatasets().Should().ContainSingle();
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 64, 64)]
    [InlineData(-1, 1, 1, 1, 64, 64)]
    [InlineData(1, 0, 1, 1, 64, 64)]
    [InlineData(1, 1, 0, 1, 64, 64)]
    [InlineData(1, 1, 1, 0, 64, 64)]
    [InlineData(1, 1, 1, 1, 0, 64)]
    [InlineData(1, 1, 1, 1, 64, 0)]
    [InlineData(1, 1, 1, 1, 4097, 64)]
    [InlineData(1, 1, 1, 1, 64, 4097)]
    [InlineData(int.MaxValue, int.MaxValue, 1, 1, 64, 64)]
    public void Constructor_InvalidOptions_ThrowArgumentOutOfRange(int patients, int studies, int series, int instances, int rows, int columns)
    {
        var options = new SynthesisOptions
        {
            Patients = patients,
            StudiesPerPatient = studies,
            SeriesPerStudy = series,
            InstancesPerSeries = instances,
            Rows = rows,
            Columns = columns,
        };

        var act = () => new DicomCorpusSynthesizer(options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("options");
    }

    [Fact]
    public void Constructor_EncapsulatedOrMissingSyntaxOrOptions_Throws()
    {
        FluentActions.Invoking(() => new DicomCorpusSynthesizer(new SynthesisOptions { TransferSyntax = DicomTransferSyntax.JpegBaseline }))
            .Should().Throw<ArgumentException>().WithParameterName("options");
        FluentActions.Invoking(() => new DicomCorpusSynthesizer(new SynthesisOptions { TransferSyntax = null! }))
            .Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new DicomCorpusSynthesizer(null!))
            .Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Constructor_ExtremeDimensions_AreAccepted()
    {
        var tiny = new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 1, SeriesPerStudy = 1, InstancesPerSeries = 1, Rows = 1, Columns = 1 });
        var ds = tiny.CreateDatasets().Single();

        ((DicomElement)ds[DicomTag.PixelData]).Length.Should().Be(2);
        ((DicomElement)ds[new DicomTag(0x60003000)]).Length.Should().Be(2);
    }

    private static HashSet<string> Uids(SynthesisOptions options) =>
        new DicomCorpusSynthesizer(options).CreateDatasets()
            .SelectMany(ds => new[]
            {
                ds.GetString(DicomTag.SOPInstanceUID)!, ds.GetString(DicomTag.SeriesInstanceUID)!,
                ds.GetString(DicomTag.StudyInstanceUID)!, ds.GetString(DicomTag.FrameOfReferenceUID)!,
            })
            .ToHashSet(StringComparer.Ordinal);

    private static async Task<List<(string Path, string Hash)>> HashesAsync(string root, IReadOnlyList<string> files)
    {
        var hashes = new List<(string, string)>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            hashes.Add((Path.GetRelativePath(root, file), Convert.ToHexString(SHA256.HashData(bytes))));
        }

        return hashes;
    }

    private sealed class RecordingProgress : IProgress<int>
    {
        public List<int> Values { get; } = [];

        public void Report(int value) => Values.Add(value);
    }
}
