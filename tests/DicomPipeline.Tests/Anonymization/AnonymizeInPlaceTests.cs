using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using DicomPipeline.Testing;
using DicomPipeline.Tests.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

/// <summary>
/// De-identifying the instance as read (the pipeline's way when no later stage reads it) must give exactly what
/// de-identifying a copy gives: the same bytes, identities and sweep, for every option set that changes which rules
/// run — above all where a text is cleaned after the names and IDs it repeats have been replaced in the same dataset.
/// </summary>
public sealed class AnonymizeInPlaceTests
{
    public static TheoryData<string> OptionSets => ["default", "clean descriptors", "clean structured content", "modified dates", "retain UIDs", "retain safe private"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public async Task InPlace_GivesWhatACopyGives(string optionSet)
    {
        var anonymizer = new ConfidentialityProfileAnonymizer(Options(o => Configure(o, optionSet)));
        var compared = 0;
        foreach (var source in Datasets())
        {
            var asRead = await TestData.ToBytesAsync(new DicomFile(source, DicomTransferSyntax.ExplicitVRLittleEndian));
            var forCopy = await TestData.FromBytesAsync(asRead);
            var forInPlace = await TestData.FromBytesAsync(asRead);

            var onCopy = anonymizer.Anonymize(forCopy);
            var inPlace = anonymizer.Anonymize(forInPlace, inPlace: true);

            (await TestData.ToBytesAsync(inPlace.File)).Should().Equal(await TestData.ToBytesAsync(onCopy.File));
            inPlace.Identities.Should().BeEquivalentTo(onCopy.Identities, o => o.WithStrictOrdering());
            inPlace.Swept.Should().BeEquivalentTo(onCopy.Swept, o => o.WithStrictOrdering());
            inPlace.HeldBackReason.Should().Be(onCopy.HeldBackReason);
            (await TestData.ToBytesAsync(forCopy)).Should().Equal(asRead, "on a copy, the file as read is left as it was");
            compared++;
        }

        compared.Should().BeGreaterThan(10);
    }

    [Fact]
    public async Task InPlace_TextAfterTheNamesItRepeats_IsStillCleaned()
    {
        // Private and unlisted text comes after Patient's Name and ID in tag order, so in place both are already
        // replaced when the text is cleaned: what the cleaner matches against must have been gathered before.
        var file = await AsReadAsync(WithTextAfterItsNames(descriptions: false));

        var result = new ConfidentialityProfileAnonymizer(Options(o => o.CleanDescriptors = true)).Anonymize(file, inPlace: true);

        FindIn(await TestData.ToBytesAsync(result.File), ["Müller", "PID-4711"]).Should().BeEmpty();
    }

    [Theory]
    [InlineData(ConfidentialityProfileAnonymizer.InPlaceItems - 1, false)]
    [InlineData(ConfidentialityProfileAnonymizer.InPlaceItems, true)]
    public async Task Owned_InPlaceOnlyForManySequenceItems(int items, bool inPlace)
    {
        var source = new DicomDataset();
        source.SetString(DicomTag.SOPClassUID, CtImageStorage);
        source.SetString(DicomTag.SOPInstanceUID, SopUid);
        source.SetString(DicomTag.PatientName, "Doe^John");
        source.SetString(DicomTag.PatientID, "PID-4711");
        var sequence = new DicomSequence(DicomTag.PerFrameFunctionalGroupsSequence);
        for (var i = 0; i < items; i++)
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.StudyDescription, "frame " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sequence.Items.Add(item);
        }

        source.AddOrUpdate(sequence);
        var file = await AsReadAsync(source);

        var result = new ConfidentialityProfileAnonymizer(Options()).AnonymizeOwned(file);

        ReferenceEquals(result.File.Dataset, file.Dataset).Should().Be(inPlace);
    }

    [Fact]
    public async Task InPlace_WithCleanPixelData_WorksOnACopy()
    {
        var file = await AsReadAsync(CreateInstance());
        var asRead = await TestData.ToBytesAsync(file);

        _ = new ConfidentialityProfileAnonymizer(Options(o => o.CleanPixelData = true)).Anonymize(file, inPlace: true);

        (await TestData.ToBytesAsync(file)).Should().Equal(asRead, "the pixel cleaner is given the file as read");
    }

    private static void Configure(AnonymizationOptions options, string optionSet)
    {
        switch (optionSet)
        {
            case "clean descriptors":
                options.CleanDescriptors = true;
                break;
            case "clean structured content":
                options.CleanStructuredContent = true;
                break;
            case "modified dates":
                options.RetainLongitudinalModifiedDates = true;
                break;
            case "retain UIDs":
                options.RetainUids = true;
                break;
            case "retain safe private":
                options.RetainSafePrivate = true;
                break;
        }
    }

    /// <summary>The profile's test instance, with text that repeats its identifiers after them, and a synthesized corpus.</summary>
    private static IEnumerable<DicomDataset> Datasets()
    {
        yield return WithTextAfterItsNames(descriptions: true);
        yield return WithTextAfterItsNames(descriptions: false);
        yield return CreateInstance("OTHER-1");

        var synthesizer = new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 3, SeriesPerStudy = 2, InstancesPerSeries = 2, Rows = 4, Columns = 4, Seed = 7 });
        foreach (var dataset in synthesizer.CreateDatasets())
        {
            yield return dataset;
        }
    }

    /// <summary>
    /// The profile's test instance with private and unlisted text that repeats its name, ID and birth date, all after
    /// them in tag order; without <paramref name="descriptions"/> no text in group 0008 is cleaned first, so the first
    /// text cleaned comes after the name and ID are replaced.
    /// </summary>
    private static DicomDataset WithTextAfterItsNames(bool descriptions)
    {
        var instance = CreateInstance();
        if (!descriptions)
        {
            instance.Remove(DicomTag.StudyDescription);
            instance.Remove(DicomTag.SeriesDescription);
        }

        instance.SetString(new DicomTag(0x0011, 0x0010), "SOME CREATOR", DicomVR.LO);
        instance.SetString(new DicomTag(0x0011, 0x1001), "seen by Müller, PID-4711", DicomVR.LO);
        instance.SetString(DicomTag.ProtocolName, "PID-4711 follow-up", DicomVR.LO);
        instance.SetString(DicomTag.ImageComments, "Jürgen Müller, born 19650412", DicomVR.LT);
        return instance;
    }

    /// <summary>The dataset written and read back, as the pipeline holds a file it has read.</summary>
    private static async Task<DicomFile> AsReadAsync(DicomDataset dataset) =>
        await TestData.FromBytesAsync(await TestData.ToBytesAsync(new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian)));
}
