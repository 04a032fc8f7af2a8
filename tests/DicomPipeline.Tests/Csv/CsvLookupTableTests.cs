using DicomPipeline.Anonymization;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using DicomPipeline.Tests.Anonymization;

namespace DicomPipeline.Tests.Csv;

public sealed class CsvLookupTableTests
{
    private const string TrialCsv =
        "OriginalPatientID,PatientID,PatientName,ClinicalTrialSubjectID,Arm,Site,Outcome\n" +
        "PID-4711,TRIAL-001,Trial^One,SUBJ-001,A,North,\"=HYPERLINK(\"\"x\"\")\"\n" +
        "PID-2,TRIAL-002,Trial^Two,SUBJ-002,B,South,Stable\n" +
        "PID-3,TRIAL-003,,SUBJ-003,B,South,\n";

    private static async Task<CsvLookupTable> LoadAsync(string text, CsvMergeOptions? options = null)
    {
        using var file = new CsvTestFile(text);
        return await new CsvLookupTableLoader().LoadAsync(file.Path, options ?? new CsvMergeOptions());
    }

    private static DicomDataset Original(string patientId, string accession = "ACC-1") =>
        new DicomDataset()
            .SetString(DicomTag.PatientID, patientId)
            .SetString(DicomTag.PatientName, "Original^Name")
            .SetString(DicomTag.AccessionNumber, accession);

    [Fact]
    public async Task TryGetRow_PatientIdOfOriginal_FindsRow()
    {
        var table = await LoadAsync(TrialCsv);

        table.TryGetRow(Original("PID-2"), out var row).Should().BeTrue();
        row!.Line.Should().Be(3);
        table.TryGetRow(Original("PID-9"), out _).Should().BeFalse();
        table.TryGetRow(new DicomDataset(), out _).Should().BeFalse("an instance without the attribute has no row");
    }

    [Fact]
    public async Task Constructor_RowsInMemory_SameLookupAndValuesAsTheFile()
    {
        var fromFile = await LoadAsync(TrialCsv);
        string?[] header = ["OriginalPatientID", "PatientID", "PatientName", "ClinicalTrialSubjectID", "Arm", "Site", "Outcome"];
        string?[][] rows =
        [
            ["PID-4711", "TRIAL-001", "Trial^One", "SUBJ-001", "A", "North", "=HYPERLINK(\"x\")"],
            [" PID-2 ", "TRIAL-002", "Trial^Two", "SUBJ-002", "B", "South", "Stable"],
            ["PID-3", "TRIAL-003", null, "SUBJ-003", "B", "South", ""],
        ];

        var table = new CsvLookupTable("trial-db", new CsvMergeOptions(), header, rows);

        table.SourcePath.Should().Be("trial-db");
        table.RowCount.Should().Be(fromFile.RowCount);
        table.ClinicalColumnNames.Should().Equal(fromFile.ClinicalColumnNames);
        foreach (var id in new[] { "PID-4711", "PID-2", "PID-3" })
        {
            table.TryGetRow(Original(id), out var row).Should().BeTrue();
            fromFile.TryGetRow(Original(id), out var fileRow).Should().BeTrue();
            row!.Line.Should().Be(fileRow!.Line, "row i of memory is line i + 2, as in a file with one line per row");
            var (mine, theirs) = (Original(id), Original(id));
            table.Apply(row, mine);
            fromFile.Apply(fileRow, theirs);
            mine.GetString(DicomTag.PatientID).Should().Be(theirs.GetString(DicomTag.PatientID));
            mine.GetString(DicomTag.PatientName).Should().Be(theirs.GetString(DicomTag.PatientName));
            table.GetClinicalValues(row).Should().Equal(fromFile.GetClinicalValues(fileRow));
        }
    }

    [Fact]
    public void Constructor_DuplicateKeyInMemory_ThrowsNamingLineAndColumn()
    {
        string?[][] rows = [["P1", "A"], ["P1", "B"]];

        var act = () => new CsvLookupTable("trial-db", new CsvMergeOptions(), ["OriginalPatientID", "Arm"], rows);

        var error = act.Should().Throw<CsvMergeException>().Which;
        (error.FilePath, error.Line, error.Column, error.ColumnName).Should().Be(("trial-db", 3, 1, "OriginalPatientID"));
        error.Message.Should().NotContain("P1");
    }

    [Fact]
    public void Constructor_ValueDoesNotFitItsAttribute_Throws()
    {
        string?[][] rows = [["P1", "not-a-date"]];

        var act = () => new CsvLookupTable("trial-db", new CsvMergeOptions(), ["OriginalPatientID", "PatientBirthDate"], rows);

        act.Should().Throw<CsvMergeException>().Which.Column.Should().Be(2);
    }

    [Fact]
    public async Task TryGetRow_AccessionNumberConfigured_MatchesOnIt()
    {
        var options = new CsvMergeOptions { KeyColumn = "Accession", MatchAttribute = "AccessionNumber" };
        var table = await LoadAsync("Accession,PatientID\nACC-7,TRIAL-007\n", options);

        table.MatchAttribute.Should().Be("AccessionNumber");
        table.TryGetRow(Original("PID-2", "ACC-7"), out var row).Should().BeTrue();
        table.TryGetRow(Original("ACC-7", "ACC-8"), out _).Should().BeFalse("the Patient ID is not the key");
        var dataset = Original("PID-2", "ACC-7");
        table.Apply(row!, dataset);
        dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-007");
    }

    [Fact]
    public async Task Apply_KeywordColumns_WrittenWithDictionaryVR()
    {
        var table = await LoadAsync(TrialCsv);
        var dataset = Original("PID-4711");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        table.Apply(row!, dataset);

        dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-001");
        dataset.GetString(DicomTag.PatientName).Should().Be("Trial^One");
        dataset.GetString(DicomTag.ClinicalTrialSubjectID).Should().Be("SUBJ-001");
        VR(dataset, DicomTag.PatientID).Should().Be(DicomVR.LO);
        VR(dataset, DicomTag.PatientName).Should().Be(DicomVR.PN);
        VR(dataset, DicomTag.ClinicalTrialSubjectID).Should().Be(DicomVR.LO);
        dataset.GetString(DicomTag.AccessionNumber).Should().Be("ACC-1", "only the CSV's keyword columns are written");
    }

    [Fact]
    public async Task Apply_EmptyCell_LeavesAttribute()
    {
        var table = await LoadAsync(TrialCsv);
        var dataset = Original("PID-3");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        table.Apply(row!, dataset);

        dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-003");
        dataset.GetString(DicomTag.PatientName).Should().Be("Original^Name");
    }

    [Fact]
    public async Task Apply_KeyColumnNamedAsKeyword_NeverWritten()
    {
        var options = new CsvMergeOptions { KeyColumn = "PatientID" };
        options.ColumnMappings["NewID"] = "PatientID";
        var table = await LoadAsync("PatientID,NewID,Arm\nPID-1,TRIAL-1,A\n", options);
        var dataset = Original("PID-1");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        table.Apply(row!, dataset);

        dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-1");
        table.ClinicalColumnNames.Should().Equal("NewID", "Arm");
    }

    [Fact]
    public async Task Apply_ValueNotEncodableInCharacterSet_ThrowsAndWritesNothing()
    {
        var table = await LoadAsync("OriginalPatientID,ClinicalTrialSubjectID,PatientName\nPID-1,S-1,Σωκράτης\n");
        var dataset = Original("PID-1");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        var act = () => table.Apply(row!, dataset);

        act.Should().Throw<CsvMergeException>().Which.Message.Should().Contain("line 2, column 3").And.NotContain("Σωκράτης");
        dataset.GetString(DicomTag.ClinicalTrialSubjectID).Should().BeNull();
    }

    [Fact]
    public async Task Apply_Utf8Dataset_WritesNonAsciiName()
    {
        var table = await LoadAsync("OriginalPatientID,PatientName\nPID-1,Müller^Jürgen\n");
        var dataset = Original("PID-1").SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        table.Apply(row!, dataset);

        dataset.GetString(DicomTag.PatientName).Should().Be("Müller^Jürgen");
    }

    [Fact]
    public async Task Apply_RowOfAnotherTable_Throws()
    {
        var first = await LoadAsync(TrialCsv);
        var second = await LoadAsync(TrialCsv);
        first.TryGetRow(Original("PID-2"), out var row).Should().BeTrue();

        var act = () => second.Apply(row!, new DicomDataset());

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task GetClinicalValues_NonKeywordColumns_InFileOrder()
    {
        var table = await LoadAsync(TrialCsv);
        table.TryGetRow(Original("PID-4711"), out var row).Should().BeTrue();

        var values = table.GetClinicalValues(row!);

        table.ClinicalColumnNames.Should().Equal("Arm", "Site", "Outcome");
        values.Select(p => p.Key).Should().Equal("Arm", "Site", "Outcome");
        values["Arm"].Should().Be("A");
        values["Outcome"].Should().Be("=HYPERLINK(\"x\")", "values are as in the file; the manifest writer protects them");
        values.ContainsKey("PatientID").Should().BeFalse();
        values.ContainsKey("OriginalPatientID").Should().BeFalse("the key is an original identifier");
        values.Count.Should().Be(3);
    }

    [Fact]
    public async Task GetClinicalValues_MappedColumn_KeptAndWritten()
    {
        var options = new CsvMergeOptions();
        options.ColumnMappings["Arm"] = "ClinicalTrialProtocolName";
        var table = await LoadAsync("OriginalPatientID,Arm,Site\nPID-1,Arm A,North\n", options);
        var dataset = Original("PID-1");
        table.TryGetRow(dataset, out var row).Should().BeTrue();

        table.Apply(row!, dataset);

        table.GetClinicalValues(row!)["Arm"].Should().Be("Arm A");
        dataset.GetString(DicomTag.ClinicalTrialProtocolName).Should().Be("Arm A");
    }

    [Fact]
    public async Task UnmatchedRowLines_RowsNotMarked_Listed()
    {
        var table = await LoadAsync(TrialCsv);
        table.TryGetRow(Original("PID-2"), out var row).Should().BeTrue();

        table.UnmatchedRowLines.Should().Equal(2, 3, 4);
        table.MarkMatched(row!);
        Parallel.For(0, 100, _ => table.MarkMatched(row!));

        table.UnmatchedRowLines.Should().Equal(2, 4);
    }

    [Fact]
    public async Task UnmatchedPolicy_DefaultHoldBack_ConfiguredKept()
    {
        (await LoadAsync(TrialCsv)).UnmatchedPolicy.Should().Be(CsvUnmatchedPolicy.HoldBack);
        (await LoadAsync(TrialCsv, new CsvMergeOptions { UnmatchedPolicy = CsvUnmatchedPolicy.PassWithPseudonym }))
            .UnmatchedPolicy.Should().Be(CsvUnmatchedPolicy.PassWithPseudonym);
    }

    private static DicomVR VR(DicomDataset dataset, DicomTag tag)
    {
        dataset.TryGetElement(tag, out var element).Should().BeTrue();
        return element!.VR;
    }
}
