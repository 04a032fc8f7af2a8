using System.Text;
using DicomPipeline.Csv;

namespace DicomPipeline.Tests.Csv;

/// <summary>Issue 16: a header of hundreds of thousands of columns was checked in quadratic time (minutes of CPU).</summary>
public sealed class CsvLookupTableLoaderHeaderLimitTests
{
    private readonly CsvLookupTableLoader _merger = new();

    private static string Header(int columns)
    {
        var text = new StringBuilder("OriginalPatientID");
        for (var i = 1; i < columns; i++)
        {
            text.Append(",C").Append(i);
        }

        return text.Append("\nP1").Append(',', columns - 1).Append('\n').ToString();
    }

    [Fact]
    public async Task LoadAsync_HeaderOverMaxColumns_ThrowsNamingTheLimit()
    {
        using var file = new CsvTestFile(Header(200_000));

        var act = () => _merger.LoadAsync(file.Path, new CsvMergeOptions());

        var error = (await act.Should().ThrowAsync<CsvMergeException>()).Which;
        error.Line.Should().Be(1);
        error.Column.Should().Be(CsvMergeOptions.DefaultMaxColumns + 1);
        error.Reason.Should().Contain("200000 columns").And.Contain("1024").And.Contain("MaxColumns");
    }

    [Fact]
    public async Task LoadAsync_HeaderAtMaxColumns_Loads()
    {
        using var file = new CsvTestFile(Header(50));

        var table = await _merger.LoadAsync(file.Path, new CsvMergeOptions { MaxColumns = 50 });

        table.ClinicalColumnNames.Should().HaveCount(49);
    }

    [Fact]
    public async Task LoadAsync_WideHeaderUnderTheLimit_RepeatedColumnFoundByItsFirstPosition()
    {
        var columns = Enumerable.Range(1, 20_000).Select(i => "C" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var header = "OriginalPatientID," + string.Join(',', columns) + ",C7";
        using var file = new CsvTestFile(header + "\n");

        var act = () => _merger.LoadAsync(file.Path, new CsvMergeOptions { MaxColumns = 30_000 });

        var error = (await act.Should().ThrowAsync<CsvMergeException>()).Which;
        error.Column.Should().Be(20_002);
        error.Reason.Should().Contain("repeats column 8");
    }

    [Fact]
    public void MaxColumns_BelowOne_IsRefused()
    {
        var act = () => new CsvMergeOptions { MaxColumns = 0 }.ThrowIfInvalid();

        act.Should().Throw<InvalidOperationException>().WithMessage("*MaxColumns*");
    }
}
