using System.Globalization;
using System.Text;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;

namespace DicomPipeline.Tests.Csv;

public sealed class CsvLookupTableLoaderTests
{
    /// <summary>Appears in the bad cells, so a test can check that no message prints it.</summary>
    private const string Secret = "SECRET";

    private readonly CsvLookupTableLoader _merger = new();

    private static DicomDataset Patient(string patientId) => new DicomDataset().SetString(DicomTag.PatientID, patientId);

    private async Task<CsvLookupTable> LoadAsync(string text, CsvMergeOptions? options = null, bool byteOrderMark = false)
    {
        using var file = new CsvTestFile(text, byteOrderMark);
        return await _merger.LoadAsync(file.Path, options ?? new CsvMergeOptions());
    }

    private async Task<CsvMergeException> LoadFailsAsync(string text, int line, int column, CsvMergeOptions? options = null)
    {
        using var file = new CsvTestFile(text);
        var act = () => _merger.LoadAsync(file.Path, options ?? new CsvMergeOptions());
        var error = (await act.Should().ThrowAsync<CsvMergeException>()).Which;
        error.Line.Should().Be(line);
        error.Column.Should().Be(column);
        error.FilePath.Should().Be(file.Path);
        error.Message.Should().Contain(file.Path)
            .And.Contain(string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}"))
            .And.NotContain(Secret, "a cell may be a patient identifier");
        return error;
    }

    [Fact]
    public async Task LoadAsync_WithoutByteOrderMark_ReadsRows()
    {
        var table = await LoadAsync("OriginalPatientID,PatientID,PatientName,Arm\nP1,TRIAL-001,Trial^One,A\nP2,TRIAL-002,Trial^Two,B\n");

        table.RowCount.Should().Be(2);
        table.ClinicalColumnNames.Should().Equal("Arm");
        table.TryGetRow(Patient("P2"), out var row).Should().BeTrue();
        row!.Line.Should().Be(3);
    }

    [Fact]
    public async Task LoadAsync_WithByteOrderMark_FindsKeyColumnInFirstHeader()
    {
        var table = await LoadAsync("OriginalPatientID,PatientID\nP1,TRIAL-001\n", byteOrderMark: true);

        table.TryGetRow(Patient("P1"), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData(",")]
    public async Task LoadAsync_DelimiterInHeader_Detected(string delimiter)
    {
        var text = string.Join(delimiter, "OriginalPatientID", "PatientID", "Site") + "\n" + string.Join(delimiter, "P1", "TRIAL-001", "\"Site, North\"") + "\n";

        var table = await LoadAsync(text);

        table.TryGetRow(Patient("P1"), out var row).Should().BeTrue();
        table.GetClinicalValues(row!)["Site"].Should().Be("Site, North");
    }

    [Fact]
    public async Task LoadAsync_ConfiguredDelimiter_Used()
    {
        var table = await LoadAsync("OriginalPatientID|Site\nP1|North;South\n", new CsvMergeOptions { Delimiter = "|" });

        table.TryGetRow(Patient("P1"), out var row).Should().BeTrue();
        table.GetClinicalValues(row!)["Site"].Should().Be("North;South");
    }

    [Fact]
    public async Task LoadAsync_QuotedCommasQuotesAndNewlines_KeptAndLinesCounted()
    {
        var text = "OriginalPatientID,Outcome,PatientID\r\n" +
                   "P1,\"Stable, \"\"partial\"\" response\r\nsecond line\",TRIAL-001\r\n" +
                   "P2,Progression,TRIAL-002\r\n";

        var table = await LoadAsync(text);

        table.TryGetRow(Patient("P1"), out var first).Should().BeTrue();
        table.GetClinicalValues(first!)["Outcome"].Should().Be("Stable, \"partial\" response\r\nsecond line");
        table.TryGetRow(Patient("P2"), out var second).Should().BeTrue();
        second!.Line.Should().Be(4, "the quoted line break makes the first row two lines long");
    }

    [Fact]
    public async Task LoadAsync_BlankLinesAndSurroundingSpaces_Ignored()
    {
        var table = await LoadAsync(" OriginalPatientID , PatientID \n\n P1 , TRIAL-001 \n\n");

        table.RowCount.Should().Be(1);
        table.TryGetRow(Patient("P1"), out var row).Should().BeTrue();
        row!.Line.Should().Be(3);
    }

    [Fact]
    public async Task LoadAsync_QuotedKeyWithSpaces_MatchesTrimmed()
    {
        var table = await LoadAsync("OriginalPatientID,PatientID\n\" P1 \",TRIAL-001\n");

        table.TryGetRow(Patient("P1 "), out _).Should().BeTrue();
    }

    [Fact]
    public async Task LoadAsync_HeaderOnly_EmptyTable()
    {
        var table = await LoadAsync("OriginalPatientID,PatientID\n");

        table.RowCount.Should().Be(0);
        table.UnmatchedRowLines.Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_EmptyFile_ThrowsAtLine1Column1()
    {
        var error = await LoadFailsAsync(string.Empty, line: 1, column: 1);

        error.Message.Should().Contain("empty");
    }

    [Fact]
    public async Task LoadAsync_FirstLineBlank_ThrowsAtLine1Column1() =>
        await LoadFailsAsync("\nOriginalPatientID,PatientID\nP1,T1\n", line: 1, column: 1);

    [Fact]
    public async Task LoadAsync_MissingKeyColumn_ThrowsAtHeaderWithoutNamingItsCells()
    {
        // Without a header the first row is data: its cells must not be printed either.
        var error = await LoadFailsAsync($"{Secret}-PID,TRIAL-001\nP2,TRIAL-002\n", line: 1, column: 1);

        error.Message.Should().Contain("OriginalPatientID");
    }

    [Fact]
    public async Task LoadAsync_ConfiguredKeyColumnMissing_NamesIt()
    {
        var error = await LoadFailsAsync("OriginalPatientID,PatientID\nP1,T1\n", 1, 1, new CsvMergeOptions { KeyColumn = "Accession" });

        error.Message.Should().Contain("'Accession'");
    }

    [Fact]
    public async Task LoadAsync_DuplicateKey_NamesBothLines()
    {
        var error = await LoadFailsAsync(
            $"OriginalPatientID,PatientID\n{Secret}-1,T1\nP2,T2\n{Secret}-1,T3\n", line: 4, column: 1);

        error.ColumnName.Should().Be("OriginalPatientID");
        error.Message.Should().Contain("line 2").And.Contain("line 4");
    }

    [Fact]
    public async Task LoadAsync_RowWithFewerFields_ThrowsAtFirstMissingColumn()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID,Arm\nP1,T1,A\n{Secret},T2\n", line: 3, column: 3);

        error.ColumnName.Should().Be("Arm");
    }

    [Fact]
    public async Task LoadAsync_RowWithMoreFields_ThrowsAtFirstExtraField()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID\nP1,T1,{Secret}\n", line: 2, column: 3);

        error.ColumnName.Should().BeNull();
    }

    [Fact]
    public async Task LoadAsync_UnclosedQuote_ThrowsAtItsRowAndColumn()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID,Arm\nP1,T1,A\nP2,\"{Secret}\nP3,T3,C\n", line: 3, column: 2);

        error.Message.Should().Contain("not closed");
    }

    [Fact]
    public async Task LoadAsync_QuoteInsideUnquotedField_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID,Arm\nP1,T1,A\nP2,T2,{Secret}\"x\n", line: 3, column: 3);

        error.Message.Should().Contain("misplaced");
    }

    [Fact]
    public async Task LoadAsync_ErrorAfterMultilineRow_ReportsTheRowsFirstLine() =>
        await LoadFailsAsync($"OriginalPatientID,Outcome,PatientBirthDate\nP1,\"a\nb\nc\",19700101\nP2,x,{Secret}\n", line: 5, column: 3);

    [Fact]
    public async Task LoadAsync_EmptyKey_Throws() =>
        await LoadFailsAsync("OriginalPatientID,PatientID\nP1,T1\n,T2\n", line: 3, column: 1);

    [Fact]
    public async Task LoadAsync_ValueLongerThanVR_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID\nP1,{Secret}{new string('9', 60)}\n", line: 2, column: 2);

        error.ColumnName.Should().Be("PatientID");
        error.Message.Should().Contain("64").And.Contain("LO");
    }

    [Fact]
    public async Task LoadAsync_BackslashInSingleValuedAttribute_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientID\nP1,{Secret}\\2\n", line: 2, column: 2);

        error.Message.Should().Contain("backslash");
    }

    [Fact]
    public async Task LoadAsync_ControlCharacter_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientName\nP1,\"{Secret}\tName\"\n", line: 2, column: 2);

        error.Message.Should().Contain("control character");
    }

    [Theory]
    [InlineData("1970-01-01")]
    [InlineData("19701301")]
    [InlineData("19700230")]
    public async Task LoadAsync_DateNotYyyyMmDd_Throws(string date)
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientBirthDate\nP1,19700101\nP2,{date}\n", line: 3, column: 2);

        error.Message.Should().Contain("YYYYMMDD").And.NotContain(date);
    }

    [Fact]
    public async Task LoadAsync_CodeStringLowerCase_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientSex\nP1,M\nP2,f{Secret}\n", line: 3, column: 2);

        error.Message.Should().Contain("VR CS");
    }

    [Fact]
    public async Task LoadAsync_CodeStringLongerThan16_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientSex\nP1,{Secret}_ABCDEFGHIJK\n", line: 2, column: 2);

        error.Message.Should().Contain("16");
    }

    [Fact]
    public async Task LoadAsync_PersonNameGroupLongerThan64_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientName\nP1,{Secret}^{new string('X', 60)}\n", line: 2, column: 2);

        error.Message.Should().Contain("64").And.Contain("PN");
    }

    [Fact]
    public async Task LoadAsync_PersonNameWithThreeGroupsOf64_Loads()
    {
        var group = new string('X', 30) + "^" + new string('Y', 33);

        var table = await LoadAsync($"OriginalPatientID,PatientName\nP1,{group}={group}={group}\n");

        table.RowCount.Should().Be(1);
    }

    [Fact]
    public async Task LoadAsync_InvalidUid_Throws() =>
        await LoadFailsAsync($"OriginalPatientID,StudyInstanceUID\nP1,1.2.{Secret}\n", line: 2, column: 2);

    [Fact]
    public async Task LoadAsync_TooManyValuesForMultiplicity_Throws()
    {
        var error = await LoadFailsAsync($"OriginalPatientID,PatientName\nP1,A^B\\{Secret}\n", line: 2, column: 2);

        error.Message.Should().Contain("one value");
    }

    [Fact]
    public async Task LoadAsync_MultiValuedAttribute_AcceptsSeveralValues()
    {
        var table = await LoadAsync("OriginalPatientID,OtherPatientIDs\nP1,A1\\A2\n");

        table.RowCount.Should().Be(1);
    }

    [Fact]
    public async Task LoadAsync_NotUtf8_Throws()
    {
        var bytes = Encoding.ASCII.GetBytes("OriginalPatientID,PatientName\nP1,M")
            .Append((byte)0xFC)
            .Concat(Encoding.ASCII.GetBytes("ller^" + Secret + "\n"))
            .ToArray();
        using var file = new CsvTestFile(bytes);

        var act = () => _merger.LoadAsync(file.Path, new CsvMergeOptions());

        var error = (await act.Should().ThrowAsync<CsvMergeException>()).Which;
        error.Line.Should().Be(2);
        error.Column.Should().Be(2);
        error.Message.Should().Contain("UTF-8").And.NotContain(Secret);
    }

    [Fact]
    public async Task LoadAsync_KeywordColumnOfBinaryVR_ThrowsAtHeader()
    {
        var error = await LoadFailsAsync("OriginalPatientID,Rows\nP1,512\n", line: 1, column: 2);

        error.Message.Should().Contain("VR US");
    }

    [Fact]
    public async Task LoadAsync_HeaderDifferingFromKeywordInCase_ThrowsAtHeader()
    {
        var error = await LoadFailsAsync("OriginalPatientID,patientid\nP1,T1\n", line: 1, column: 2);

        error.Message.Should().Contain("'PatientID'");
    }

    [Fact]
    public async Task LoadAsync_RepeatedHeader_ThrowsAtSecond() =>
        await LoadFailsAsync("OriginalPatientID,Arm,Arm\nP1,A,B\n", line: 1, column: 3);

    [Fact]
    public async Task LoadAsync_MappedColumnMissing_Throws()
    {
        var options = new CsvMergeOptions();
        options.ColumnMappings["Subject"] = "ClinicalTrialSubjectID";

        var error = await LoadFailsAsync("OriginalPatientID,Arm\nP1,A\n", 1, 1, options);

        error.Message.Should().Contain("'Subject'");
    }

    [Fact]
    public async Task LoadAsync_MappedValueDoesNotFitTarget_Throws()
    {
        var options = new CsvMergeOptions();
        options.ColumnMappings["Sex"] = "PatientSex";

        var error = await LoadFailsAsync($"OriginalPatientID,Sex\nP1,{Secret}-F\n", 2, 2, options);

        error.ColumnName.Should().Be("Sex");
        error.Message.Should().Contain("PatientSex");
    }

    [Fact]
    public async Task LoadAsync_TwoColumnsSetOneAttribute_Throws()
    {
        var options = new CsvMergeOptions();
        options.ColumnMappings["Subject"] = "PatientID";

        await LoadFailsAsync("OriginalPatientID,PatientID,Subject\nP1,T1,S1\n", 1, 3, options);
    }

    [Theory]
    [InlineData("", "PatientID", null)]
    [InlineData("OriginalPatientID", "NoSuchKeyword", null)]
    [InlineData("OriginalPatientID", "Rows", null)]
    [InlineData("OriginalPatientID", "PatientID", "\"")]
    public async Task LoadAsync_InvalidOptions_Throws(string keyColumn, string matchAttribute, string? delimiter)
    {
        using var file = new CsvTestFile("OriginalPatientID\nP1\n");

        var act = () => _merger.LoadAsync(file.Path, new CsvMergeOptions { KeyColumn = keyColumn, MatchAttribute = matchAttribute, Delimiter = delimiter });

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task LoadAsync_MappingToNonTextAttribute_Throws()
    {
        using var file = new CsvTestFile("OriginalPatientID,Size\nP1,512\n");
        var options = new CsvMergeOptions();
        options.ColumnMappings["Size"] = "Rows";

        var act = () => _merger.LoadAsync(file.Path, options);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*Rows*");
    }

    [Fact]
    public async Task LoadAsync_NullArguments_Throw()
    {
        await FluentActions.Awaiting(() => _merger.LoadAsync(null!, new CsvMergeOptions())).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => _merger.LoadAsync("x.csv", null!)).Should().ThrowAsync<ArgumentNullException>();
    }

    [Fact]
    public async Task LoadAsync_Canceled_Throws()
    {
        using var file = new CsvTestFile("OriginalPatientID\nP1\n");

        var act = () => _merger.LoadAsync(file.Path, new CsvMergeOptions(), new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
