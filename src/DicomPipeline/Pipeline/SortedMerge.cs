namespace DicomPipeline.Pipeline;

/// <summary>
/// The k-way merge of sequences that are each in ascending order, read as they are enumerated (one item per source
/// held): the manifest rows' sorted runs, and the part manifests of a sharded run.
/// </summary>
internal static class SortedMerge
{
    /// <summary>The items of every source in ascending order; equal items in source order.</summary>
    /// <param name="sources">The sources, each in ascending order by <paramref name="comparer"/>.</param>
    /// <param name="comparer">The order.</param>
    /// <param name="outOfOrder">
    /// Called with a source's index when its next item comes before its previous one (the source was not sorted); it
    /// should throw. When not given, the merge goes on and its result is not sorted.
    /// </param>
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> sources, IComparer<T> comparer, Action<int>? outOfOrder = null)
    {
        var readers = new List<IEnumerator<T>>(sources.Count);
        try
        {
            var heads = new PriorityQueue<int, (T Item, int Source)>(Comparer<(T Item, int Source)>.Create(
                (a, b) => comparer.Compare(a.Item, b.Item) is var order and not 0 ? order : a.Source.CompareTo(b.Source)));
            foreach (var source in sources)
            {
                var reader = source.GetEnumerator();
                readers.Add(reader);
                if (reader.MoveNext())
                {
                    heads.Enqueue(readers.Count - 1, (reader.Current, readers.Count - 1));
                }
            }

            while (heads.TryDequeue(out var index, out var head))
            {
                yield return head.Item;
                var reader = readers[index];
                if (reader.MoveNext())
                {
                    if (outOfOrder is not null && comparer.Compare(reader.Current, head.Item) < 0)
                    {
                        outOfOrder(index);
                    }

                    heads.Enqueue(index, (reader.Current, index));
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}
