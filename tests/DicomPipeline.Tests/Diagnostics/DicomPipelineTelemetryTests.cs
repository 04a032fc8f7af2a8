using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DicomPipeline.Diagnostics;
using DicomPipeline.Testing;

namespace DicomPipeline.Tests.Diagnostics;

/// <summary>Alone in its collection: the meter is process-wide, so no other test's run may add to what is counted here.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTestsDefinition
{
    public const string Name = "Telemetry";
}

[Collection(TelemetryTestsDefinition.Name)]
public sealed class DicomPipelineTelemetryTests : IDisposable
{
    private const string Secret = "telemetry-secret-9f3c1a7e5b2d4068";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("telemetry-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_WithListeners_CountsFilesTimesStagesAndTracesTheRunWithoutPatientData()
    {
        var input = Path.Combine(_root.FullName, "in-Doe^John");
        var corpus = await new DicomCorpusSynthesizer(new SynthesisOptions { Patients = 2, InstancesPerSeries = 2 }).WriteAsync(input);
        await File.WriteAllTextAsync(Path.Combine(input, "notes.txt"), "not dicom");
        var measurements = new ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DicomPipelineTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, value, tags, _) => measurements.Enqueue((i.Name, value, tags.ToArray())));
        meters.SetMeasurementEventCallback<double>((i, value, tags, _) => measurements.Enqueue((i.Name, value, tags.ToArray())));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DicomPipelineTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(traces);

        var result = await DicomPipelineBuilder.Create().LoadFrom(input).Anonymize(o => o.Secret = Secret).SaveTo(Path.Combine(_root.FullName, "out")).Build().RunAsync();

        long Sum(string name) => (long)measurements.Where(m => m.Instrument == name).Sum(m => m.Value);
        Sum("dicompipeline.files.read").Should().Be(corpus.Files.Count + 1);
        Sum("dicompipeline.files.stored").Should().Be(result.Stored).And.Be(corpus.Files.Count);
        Sum("dicompipeline.files.skipped").Should().Be(1);
        Sum("dicompipeline.bytes.stored").Should().Be(Directory.GetFiles(Path.Combine(_root.FullName, "out"), "*.dcm", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length));
        measurements.Where(m => m.Instrument == "dicompipeline.stage.duration")
            .Select(m => m.Tags.Single(t => t.Key == "dicompipeline.stage").Value as string)
            .Distinct().Should().BeEquivalentTo(["load", "deidentify", "store"]);

        var run = activities.Should().ContainSingle(a => a.OperationName == "DicomPipeline.Run").Which;
        run.GetTagItem("dicompipeline.files.stored").Should().Be(corpus.Files.Count);
        var tagText = string.Join('|', activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString()))
            + string.Join('|', measurements.SelectMany(m => m.Tags).Select(t => t.Value?.ToString()));
        tagText.Should().NotContain("Doe").And.NotContain(_root.FullName);
        corpus.IdentifyingValues.Where(v => tagText.Contains(v, StringComparison.Ordinal)).Should().BeEmpty();
    }
}
