using DicomPipeline.Pipeline;

namespace DicomPipeline.Tests.Pipeline;

public sealed class SortedMergeTests
{
    [Fact]
    public void Merge_SortedSources_AscendingWithEqualItemsInSourceOrder()
    {
        (int Key, string Source)[][] sources =
        [
            [(1, "a"), (4, "a"), (4, "a2"), (9, "a")],
            [],
            [(0, "c"), (4, "c"), (10, "c")],
            [(4, "d")],
        ];
        var byKey = Comparer<(int Key, string Source)>.Create((x, y) => x.Key.CompareTo(y.Key));

        var merged = SortedMerge.Merge([.. sources.Select(s => s.AsEnumerable())], byKey).ToList();

        merged.Should().Equal((0, "c"), (1, "a"), (4, "a"), (4, "a2"), (4, "c"), (4, "d"), (9, "a"), (10, "c"));
    }

    [Fact]
    public void Merge_ASourceOutOfOrder_CallsBackWithItsIndex()
    {
        int[][] sources = [[1, 2, 3], [5, 4]];
        var reported = new List<int>();

        var merged = SortedMerge.Merge([.. sources.Select(s => s.AsEnumerable())], Comparer<int>.Default, reported.Add).ToList();

        reported.Should().Equal(1);
        merged.Should().HaveCount(5);
    }

    [Fact]
    public void Merge_StoppedEarly_DisposesEverySource()
    {
        var disposed = 0;
        IEnumerable<int> Source(int start)
        {
            try
            {
                for (var i = start; i < 100; i += 2)
                {
                    yield return i;
                }
            }
            finally
            {
                disposed++;
            }
        }

        SortedMerge.Merge([Source(0), Source(1)], Comparer<int>.Default).Take(3).Should().Equal(0, 1, 2);

        disposed.Should().Be(2, "a run file read by a merge is closed however the merge ends");
    }
}
