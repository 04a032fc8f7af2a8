using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;
using static DicomPipeline.Tests.Anonymization.AnonymizationTestData;

namespace DicomPipeline.Tests.Anonymization;

public sealed class ConfidentialityProfileAnonymizerTests
{
    private static readonly PseudonymGenerator Pseudonyms = new(Secret);

    [Fact]
    public void Constructor_NoSecret_ThrowsNamingTheConfigurationKey()
    {
        var act = () => new ConfidentialityProfileAnonymizer(new AnonymizationOptions());

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("*DicomPipeline:Anonymization:Secret*")
            .WithMessage("*DicomPipeline__Anonymization__Secret*");
    }

    [Fact]
    public void Constructor_BothLongitudinalOptions_Throws()
    {
        var act = () => new ConfidentialityProfileAnonymizer(Options(o =>
        {
            o.RetainLongitudinalFullDates = true;
            o.RetainLongitudinalModifiedDates = true;
        }));

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Anonymize_Basic_InputUnchanged()
    {
        var source = CreateInstance();
        var before = source.GetString(DicomTag.PatientName);

        var result = Anonymize(source);

        source.GetString(DicomTag.PatientName).Should().Be(before);
        result.Dataset.Should().NotBeSameAs(source);
    }

    [Fact]
    public async Task Anonymize_Basic_NoIdentifyingValueOrUidInBytes()
    {
        var result = Anonymize(CreateInstance());

        var bytes = await ToBytesAsync(result.File);

        FindIn(bytes, IdentifyingValues).Should().BeEmpty();
        FindIn(bytes, [StudyUid, SeriesUid, SopUid, OtherSopUid, FrameOfReferenceUid]).Should().BeEmpty();
    }

    [Fact]
    public void Anonymize_Basic_PatientBecomesPseudonym()
    {
        var result = Anonymize(CreateInstance());

        // Base32 of the first 50 bits of HMAC-SHA-256(Secret, "patient:PID-4711"), worked out with Python's hmac module.
        result.Dataset.GetString(DicomTag.PatientID).Should().Be("ANON-5CXMA4XLFS");
        result.Dataset.GetString(DicomTag.PatientName).Should().Be("ANON^5CXMA4XLFS");
        result.Identities.Should().Contain(i => i.Keyword == "PatientID" && i.Original == "PID-4711" && i.Replacement == "ANON-5CXMA4XLFS");
    }

    [Fact]
    public void Anonymize_PatientIdentityProvider_SuppliesIdentity()
    {
        var provider = new FixedProvider(new PatientPseudonym("SUBJ-001", "Subject^One"));

        var result = Anonymize(CreateInstance(), o => o.PatientIdentityProvider = provider);

        result.Dataset.GetString(DicomTag.PatientID).Should().Be("SUBJ-001");
        result.Dataset.GetString(DicomTag.PatientName).Should().Be("Subject^One");
        provider.Asked.Should().Contain("PID-4711");
    }

    [Fact]
    public void Anonymize_Basic_UidsRemappedAndClassUidsKept()
    {
        var ds = Anonymize(CreateInstance()).Dataset;

        // 2.25. + the first 16 bytes of HMAC-SHA-256(Secret, SopUid) as an unsigned integer, worked out with Python's hmac module.
        ds.GetString(DicomTag.SOPInstanceUID).Should().Be("2.25.246522605301629480784985627886675318304");
        ds.GetString(DicomTag.StudyInstanceUID).Should().Be(Pseudonyms.Uid(StudyUid));
        ds.GetString(DicomTag.FrameOfReferenceUID).Should().Be(Pseudonyms.Uid(FrameOfReferenceUid));
        ds.GetString(DicomTag.SOPClassUID).Should().Be(CtImageStorage);
        ds.TryGetSequence(DicomTag.ReferencedImageSequence, out var refs).Should().BeTrue();
        refs!.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID).Should().Be(Pseudonyms.Uid(OtherSopUid));
        refs.Items[0].GetString(DicomTag.ReferencedSOPClassUID).Should().Be(CtImageStorage);
    }

    [Fact]
    public async Task Anonymize_Basic_MediaStorageSopInstanceUidFollows()
    {
        var result = Anonymize(CreateInstance());

        var read = await DicomFile.ReadAsync(new MemoryStream(await ToBytesAsync(result.File)));

        read.FileMetaInformation.GetString(new DicomTag(0x00020003)).Should().Be(Pseudonyms.Uid(SopUid));
    }

    [Fact]
    public void Anonymize_NestedSequences_AnonymizedAtEveryDepth()
    {
        var ds = Anonymize(CreateInstance()).Dataset;

        var reference = ds.TryGetSequence(DicomTag.ReferencedImageSequence, out var refs) ? refs.Items[0] : null;
        reference!.TryGetSequence(DicomTag.AnatomicRegionSequence, out var region).Should().BeTrue();
        var nested = region!.Items[0];
        nested.GetString(DicomTag.PersonName).Should().Be("ANONYMIZED^PERSON", "a dummy name is a valid PN (issue 12)");
        nested.GetString(DicomTag.CodeMeaning).Should().Be("Chest");
        nested.TryGetSequence(DicomTag.AnatomicRegionSequence, out var deeper).Should().BeTrue();
        deeper!.Items[0].GetString(DicomTag.InstitutionName).Should().Be("ANONYMIZED");
        ds.Contains(DicomTag.OtherPatientIDsSequence).Should().BeFalse();
    }

    [Fact]
    public void Anonymize_Basic_TableActionsApplied()
    {
        var ds = Anonymize(CreateInstance()).Dataset;

        ds.GetString(DicomTag.StudyDate).Should().BeEmpty("Study Date is Z");
        ds.Contains(DicomTag.SeriesDate).Should().BeTrue("Series Date is X/D, resolved to D");
        ds.GetString(DicomTag.SeriesDate).Should().Be("19000101");
        ds.GetString(DicomTag.AccessionNumber).Should().BeEmpty();
        ds.GetString(DicomTag.InstitutionName).Should().Be("ANONYMIZED", "X/Z/D resolves to D");
        ds.Contains(DicomTag.InstitutionAddress).Should().BeFalse();
        ds.Contains(DicomTag.StudyDescription).Should().BeFalse();
        ds.Contains(DicomTag.PatientAge).Should().BeFalse();
        ds.GetString(DicomTag.PatientSex).Should().BeEmpty();
        ds.GetString(DicomTag.StationName).Should().Be("ANONYMIZED");
        ds.Contains(DicomTag.DateOfLastCalibration).Should().BeFalse();
        ds.GetString(DicomTag.Modality).Should().Be("CT");
        ds.Contains(new DicomTag(0x00080000)).Should().BeFalse("group lengths are removed");
    }

    [Fact]
    public void Anonymize_Basic_PrivateAttributesAndCreatorsRemoved()
    {
        var ds = Anonymize(CreateInstance()).Dataset;

        ds.Where(a => (a.Tag.Group & 1) == 1).Should().BeEmpty();
    }

    [Fact]
    public void Anonymize_RetainSafePrivate_KeepsOnlyListedWithCreator()
    {
        var ds = Anonymize(CreateInstance(), o =>
        {
            o.RetainSafePrivate = true;
            o.SafePrivateTags.Add(new SafePrivateTag("ACME 1.0", 0x02));
        }).Dataset;

        ds.GetString(new DicomTag(0x00090010)).Should().Be("ACME 1.0");
        ds.GetString(new DicomTag(0x00091002)).Should().Be("safe value");
        ds.Contains(new DicomTag(0x00091001)).Should().BeFalse();
    }

    [Fact]
    public void Anonymize_Basic_OverlayPlaneAndCurveRemoved()
    {
        var ds = Anonymize(CreateInstance()).Dataset;

        ds.Where(a => a.Tag.Group is 0x6000 or 0x5000).Should().BeEmpty();
    }

    [Fact]
    public void Anonymize_RetainUids_KeepsUids()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainUids = true).Dataset;

        ds.GetString(DicomTag.SOPInstanceUID).Should().Be(SopUid);
        ds.GetString(DicomTag.StudyInstanceUID).Should().Be(StudyUid);
    }

    [Fact]
    public void Anonymize_RetainDeviceIdentity_KeepsStationAndSerial()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainDeviceIdentity = true).Dataset;

        ds.GetString(DicomTag.StationName).Should().Be("STATION-7");
        ds.GetString(DicomTag.DeviceSerialNumber).Should().Be("SN-123456");
        ds.GetString(DicomTag.DateOfLastCalibration).Should().Be("20240101");
    }

    [Fact]
    public void Anonymize_RetainInstitutionIdentity_KeepsInstitution()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainInstitutionIdentity = true).Dataset;

        ds.GetString(DicomTag.InstitutionName).Should().Be("St. Elsewhere Hospital");
        ds.GetString(DicomTag.InstitutionAddress).Should().Be("Elm Street 12");
    }

    [Fact]
    public void Anonymize_RetainPatientCharacteristics_KeepsSexAndAge()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainPatientCharacteristics = true).Dataset;

        ds.GetString(DicomTag.PatientSex).Should().Be("M");
        ds.GetString(DicomTag.PatientAge).Should().Be("058Y");
        ds.GetString(DicomTag.PatientBirthDate).Should().BeEmpty("birth date is Z with no option column");
    }

    [Fact]
    public void Anonymize_RetainLongitudinalFullDates_KeepsDates()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainLongitudinalFullDates = true).Dataset;

        ds.GetString(DicomTag.StudyDate).Should().Be("20240131");
        ds.GetString(DicomTag.SeriesDate).Should().Be("20240130");
        ds.GetString(DicomTag.LongitudinalTemporalInformationModified).Should().Be("UNMODIFIED");
    }

    [Fact]
    public void Anonymize_RetainLongitudinalModifiedDates_ShiftsDatesKeepingIntervals()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainLongitudinalModifiedDates = true).Dataset;

        // -2763 days: -1 - (first 4 bytes of HMAC-SHA-256(Secret, "dateshift:PID-4711"), big endian, mod 3652), worked
        // out with Python's hmac module, not with the code under test.
        ds.GetString(DicomTag.StudyDate).Should().Be("20160708", "2024-01-31 shifted by -2763 days");
        ds.GetString(DicomTag.SeriesDate).Should().Be("20160707", "the day before, as in the original");
        ds.GetString(DicomTag.StudyTime).Should().Be("101500");
        ds.GetString(DicomTag.LongitudinalTemporalInformationModified).Should().Be("MODIFIED");
    }

    [Fact]
    public void Anonymize_ModifiedDatesWithDeviceIdentity_CleanWinsOverKeep()
    {
        var ds = Anonymize(CreateInstance(), o =>
        {
            o.RetainLongitudinalModifiedDates = true;
            o.RetainDeviceIdentity = true;
        }).Dataset;

        ds.GetString(DicomTag.DateOfLastCalibration).Should().Be("20160608", "2024-01-01 shifted by the patient's -2763 days");
    }

    [Fact]
    public void Anonymize_CleanDescriptors_KeepsCleanTextAndBlanksIdentifyingText()
    {
        var ds = Anonymize(CreateInstance(), o => o.CleanDescriptors = true).Dataset;

        ds.GetString(DicomTag.SeriesDescription).Should().Be("Axial 1mm");
        ds.GetString(DicomTag.StudyDescription).Should().BeEmpty("it names the patient");
    }

    [Fact]
    public void Anonymize_Basic_DeidentificationAttributesAdded()
    {
        var ds = Anonymize(CreateInstance(), o => o.RetainUids = true).Dataset;

        ds.GetString(DicomTag.PatientIdentityRemoved).Should().Be("YES");
        ds.GetStrings(DicomTag.DeidentificationMethod).Should().Contain(v => v.Contains("2024b", StringComparison.Ordinal))
            .And.Contain("Retain UIDs Option");
        ds.TryGetSequence(DicomTag.DeidentificationMethodCodeSequence, out var codes).Should().BeTrue();
        codes!.Items.Select(i => i.GetString(DicomTag.CodeValue)).Should().Equal("113100", "113110");
        codes.Items.Should().OnlyContain(i => i.GetString(DicomTag.CodingSchemeDesignator) == "DCM");
    }

    [Fact]
    public void Anonymize_BurnedInAnnotation_HeldBackByDefault()
    {
        var source = CreateInstance();
        source.SetString(DicomTag.BurnedInAnnotation, "YES");

        var result = Anonymize(source);

        result.IsHeldBack.Should().BeTrue();
        result.HeldBackReason.Should().Contain("Burned In Annotation").And.NotContain("PID-4711");
    }

    [Fact]
    public void Anonymize_BurnedInAnnotationAllowed_NotHeldBack()
    {
        var source = CreateInstance();
        source.SetString(DicomTag.BurnedInAnnotation, "YES");

        Anonymize(source, o => o.AllowBurnedInAnnotation = true).IsHeldBack.Should().BeFalse();
        Anonymize(CreateInstance()).IsHeldBack.Should().BeFalse();
    }

    [Fact]
    public void Anonymize_SameSecret_SameUids_DifferentSecret_DifferentUids()
    {
        var first = Anonymize(CreateInstance()).Dataset.GetString(DicomTag.SOPInstanceUID);
        var second = Anonymize(CreateInstance()).Dataset.GetString(DicomTag.SOPInstanceUID);
        var other = Anonymize(CreateInstance(), o => o.Secret = "another secret-9f3c1a7e5b2d4068-8e2b6d0c4a").Dataset.GetString(DicomTag.SOPInstanceUID);

        second.Should().Be(first);
        other.Should().NotBe(first);
    }

    [Fact]
    public void Anonymize_Basic_IdentityToStringWithholdsValues()
    {
        var result = Anonymize(CreateInstance());

        result.Identities.Should().NotBeEmpty();
        result.Identities.Select(i => i.ToString()).Should().OnlyContain(s => !s.Contains("PID-4711", StringComparison.Ordinal) && !s.Contains("1.2.826", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymize_PixelDataInSourceFile_NotLoadedAndCopiedUnchanged()
    {
        var source = CreateInstance();
        var pixels = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31)).ToArray();
        source.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".dcm");
        try
        {
            await new DicomFile(source).SaveAsync(path);
            var file = await DicomFile.OpenAsync(path, new DicomReadOptions { LargeValueThreshold = 1024 });
            file.Dataset.TryGetElement(DicomTag.PixelData, out var original).Should().BeTrue();
            original!.IsInSourceFile.Should().BeTrue();

            var result = new ConfidentialityProfileAnonymizer(Options()).Anonymize(file);

            result.Dataset.TryGetElement(DicomTag.PixelData, out var output).Should().BeTrue();
            output.Should().BeSameAs(original);
            var read = await DicomFile.ReadAsync(new MemoryStream(await ToBytesAsync(result.File)));
            read.Dataset.TryGetElement(DicomTag.PixelData, out var written).Should().BeTrue();
            written!.GetBytes().ToArray().Should().Equal(pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Anonymize_ContentSequence_TreeKeptTextRemovedByDefaultCleanedWithCleanStructuredContent()
    {
        static DicomDataset WithContent()
        {
            var item = new DicomDataset();
            item.SetString(DicomTag.ValueType, "TEXT");
            item.SetString(DicomTag.CodeMeaning, "Finding");
            item.SetString(new DicomTag(0x0040A160), "No focal lesion", DicomVR.UT);
            var named = new DicomDataset();
            var ds = CreateInstance();
            ds.AddOrUpdate(new DicomSequence(DicomTag.ContentSequence, item, named));

            // Set once the item inherits the instance's Latin-1 character set.
            named.SetString(DicomTag.CodeMeaning, "Seen by Müller");
            return ds;
        }

        var basic = Anonymize(WithContent()).Dataset;
        var cleaned = Anonymize(WithContent(), o => o.CleanStructuredContent = true).Dataset;

        // Issue 12: the SR tree stays (never one empty item); its free text is removed, or cleaned with the option.
        foreach (var ds in new[] { basic, cleaned })
        {
            ds.TryGetSequence(DicomTag.ContentSequence, out var content).Should().BeTrue();
            content!.Items.Should().HaveCount(2);
            content.Items[0].GetString(DicomTag.ValueType).Should().Be("TEXT");
            content.Items[0].GetString(DicomTag.CodeMeaning).Should().Be("Finding");
            content.Items[1].GetString(DicomTag.CodeMeaning).Should().Be("ANONYMIZED", "free text naming the patient is replaced in kept items, by the dummy where the attribute is Type 1 as a Code Meaning is");
        }

        basic.TryGetSequence(DicomTag.ContentSequence, out var removed).Should().BeTrue();
        removed!.Items[0].GetString(new DicomTag(0x0040A160)).Should().Be("ANONYMIZED", "Text Value is Type 1 in a TEXT item");
        cleaned.TryGetSequence(DicomTag.ContentSequence, out var kept).Should().BeTrue();
        kept!.Items[0].GetString(new DicomTag(0x0040A160)).Should().Be("No focal lesion");
    }

    [Fact]
    public void Anonymize_NestedPatientId_ReplacedWithPseudonym()
    {
        var source = CreateInstance();
        var item = new DicomDataset();
        source.AddOrUpdate(new DicomSequence(DicomTag.ContentTemplateSequence, item));
        item.SetString(DicomTag.PatientID, "PID-4711");
        item.SetString(DicomTag.PatientName, "Müller^Jürgen");

        var ds = Anonymize(source).Dataset;

        ds.TryGetSequence(DicomTag.ContentTemplateSequence, out var sequence).Should().BeTrue();
        sequence!.Items[0].GetString(DicomTag.PatientID).Should().Be(ds.GetString(DicomTag.PatientID));
        sequence.Items[0].GetString(DicomTag.PatientName).Should().Be(ds.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Anonymize_StandardUidInUidRow_NotRemapped()
    {
        var source = CreateInstance();
        source.SetString(DicomTag.InstanceCreatorUID, "1.2.840.10008.1.2.1\\1.2.3.9");

        var ds = Anonymize(source).Dataset;

        ds.GetStrings(DicomTag.InstanceCreatorUID).Should().Equal("1.2.840.10008.1.2.1", Pseudonyms.Uid("1.2.3.9"));
    }

    [Fact]
    public void Anonymize_AllOptions_DeidentificationMethodValuesFitLo()
    {
        var ds = Anonymize(CreateInstance(), o =>
        {
            o.RetainSafePrivate = o.RetainUids = o.RetainDeviceIdentity = o.RetainInstitutionIdentity = true;
            o.RetainPatientCharacteristics = o.RetainLongitudinalModifiedDates = o.CleanDescriptors = true;
            o.CleanStructuredContent = o.CleanGraphics = true;
        }).Dataset;

        ds.GetStrings(DicomTag.DeidentificationMethod).Should().HaveCount(11, "the profile, the safe-by-default layer and nine options").And.OnlyContain(v => v.Length <= 64);
        ds.TryGetSequence(DicomTag.DeidentificationMethodCodeSequence, out var codes).Should().BeTrue();
        codes!.Items.Should().HaveCount(10);
    }

    private sealed class FixedProvider(PatientPseudonym identity) : IPatientIdentityProvider
    {
        public List<string> Asked { get; } = [];

        public PatientPseudonym? GetIdentity(string originalPatientId)
        {
            Asked.Add(originalPatientId);
            return identity;
        }
    }
}
