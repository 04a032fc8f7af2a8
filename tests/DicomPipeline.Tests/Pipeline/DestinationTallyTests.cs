using DicomPipeline.Destinations;
using DicomPipeline.Pipeline;

namespace DicomPipeline.Tests.Pipeline;

public sealed class DestinationTallyTests
{
    [Fact]
    public void Report_DestinationDownForManyInstances_CountsAllListsOnlyTheLimit()
    {
        var tally = new DestinationTally();
        for (var batch = 0; batch < 250; batch++)
        {
            tally.Add([.. Enumerable.Range(0, 10).Select(i => new DestinationOutcome($"2.25.{batch}.{i}", DestinationOutcomeKind.NotSent, "cannot reach the server"))]);
        }

        var report = tally.Report("dicom://PACS@127.0.0.1:104");

        report.NotSent.Should().Be(2500);
        report.Instances.Should().HaveCount(1000).And.OnlyContain(o => o.Kind == DestinationOutcomeKind.NotSent);
        report.Instances.Select(o => o.SopInstanceUid).Should().BeInAscendingOrder(StringComparer.Ordinal);
        report.Error.Should().Be("cannot reach the server");
    }

    [Fact]
    public void Report_MixedOutcomes_ListsRefusedNotSentAndWarningsButNotPlainSends()
    {
        var tally = new DestinationTally();
        tally.Add(
        [
            new("2.25.1", DestinationOutcomeKind.Sent),
            new("2.25.2", DestinationOutcomeKind.AlreadyPresent),
            new("2.25.3", DestinationOutcomeKind.Sent, "warning: B007H coerced"),
            new("2.25.4", DestinationOutcomeKind.Refused, "A900H"),
            new("2.25.5", DestinationOutcomeKind.NotSent, "aborted"),
        ]);

        var report = tally.Report("d");

        (report.Sent, report.AlreadyPresent, report.Refused, report.NotSent, report.Warnings).Should().Be((2, 1, 1, 1, 1));
        report.Instances.Select(o => o.SopInstanceUid).Should().Equal("2.25.3", "2.25.4", "2.25.5");
    }
}
