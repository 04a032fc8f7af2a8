using DicomPipeline.Dicom;
using DicomPipeline.Pipeline;

namespace DicomPipeline.Tests.Pipeline;

public sealed class ClaimedInstancesTests
{
    [Fact]
    public void Add_EachKeyOnce_TrueThenFalse()
    {
        var claimed = new ClaimedInstances();
        var keys = Enumerable.Range(0, 10_000).Select(i => UidKey.Of(FormattableString.Invariant($"1.2.840.99.{i}"))).ToList();

        keys.Select(claimed.Add).Should().AllSatisfy(added => added.Should().BeTrue());
        keys.Select(claimed.Add).Should().AllSatisfy(added => added.Should().BeFalse("every key was claimed already"));
    }

    [Fact]
    public void Add_ManyKeys_NoTableReachesTheLargeObjectHeap()
    {
        // Issue 28: one set of every key was one table, 2.3 MB at 40,000 files, on the large object heap, and each time it
        // doubled the old table stayed there as garbage until a full collection. Arrays of 85,000 bytes or more go there;
        // an entry of a set of 128-bit keys takes at least 24 bytes (hash, next, key), so 3,500 entries is past the line.
        var claimed = new ClaimedInstances();
        for (var i = 0; i < 200_000; i++)
        {
            claimed.Add(UidKey.Of(FormattableString.Invariant($"1.2.840.99.{i}")));
        }

        claimed.LargestShardCapacity.Should().BeLessThan(85_000 / 24);
    }

    [Fact]
    public async Task Add_FromSeveralThreads_EachKeyWonOnce()
    {
        var claimed = new ClaimedInstances();
        var keys = Enumerable.Range(0, 20_000).Select(i => UidKey.Of(FormattableString.Invariant($"1.2.840.99.{i}"))).ToArray();

        var wins = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => keys.Count(claimed.Add))));

        wins.Sum().Should().Be(keys.Length, "each key is won by exactly one of the threads");
    }
}
