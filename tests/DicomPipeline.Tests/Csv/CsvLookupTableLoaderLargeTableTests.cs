using System.Diagnostics;
using System.Globalization;
using System.Text;
using DicomPipeline.Csv;
using DicomPipeline.Dicom;
using Xunit.Abstractions;

namespace DicomPipeline.Tests.Csv;

/// <summary>Measures memory, so it runs alone: other tests allocating at the same time would blur the measurement.</summary>
[CollectionDefinition(nameof(CsvLookupTableLoaderLargeTableTests), DisableParallelization = true)]
[Collection(nameof(CsvLookupTableLoaderLargeTableTests))]
public sealed class CsvLookupTableLoaderLargeTableTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LoadAsync_MillionRows_LoadsWithinFewHundredMegabytes()
    {
        const int rows = 1_000_000;
        var folder = Path.Combine(Path.GetTempPath(), "csvmerge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "big.csv");
        try
        {
            await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16))
            {
                await writer.WriteLineAsync("OriginalPatientID,PatientID,PatientName,ClinicalTrialSubjectID,Arm,Site");
                for (var i = 0; i < rows; i++)
                {
                    await writer.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"PID{i:D7},TRIAL-{i:D7},Subject^{i:D7},S{i:D7},{(i % 3 == 0 ? "A" : "B")},Site {i % 40}"));
                }
            }

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();
            var table = await new CsvLookupTableLoader().LoadAsync(path, new CsvMergeOptions());
            clock.Stop();
            var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows} rows: {growth / (1024 * 1024)} MB in {clock.ElapsedMilliseconds} ms"));
            table.RowCount.Should().Be(rows);
            table.TryGetRow(new DicomDataset().SetString(DicomTag.PatientID, "PID0765432"), out var row).Should().BeTrue();
            row!.Line.Should().Be(765_434);
            var dataset = new DicomDataset();
            table.Apply(row, dataset);
            dataset.GetString(DicomTag.PatientID).Should().Be("TRIAL-0765432");
            growth.Should().BeLessThan(400L * 1024 * 1024, "a million rows must fit in a few hundred MB");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
            GC.KeepAlive(table);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
