using DicomPipeline.Csv;

namespace DicomPipeline.Tests.Csv;

public sealed class CsvMergeExceptionTests
{
    [Fact]
    public void Constructor_Location_NamedInMessage()
    {
        var error = new CsvMergeException("the key is empty", "/data/clinical.csv", 12, 3, "OriginalPatientID");

        error.Message.Should().Be("/data/clinical.csv: line 12, column 3 ('OriginalPatientID'): the key is empty");
        error.Line.Should().Be(12);
        error.Column.Should().Be(3);
        error.ColumnName.Should().Be("OriginalPatientID");
        error.Reason.Should().Be("the key is empty");
    }

    [Fact]
    public void Constructor_NoColumnName_LeftOut() =>
        new CsvMergeException("bad", null, 1, 1, null).Message.Should().Be("<csv>: line 1, column 1: bad");
}
