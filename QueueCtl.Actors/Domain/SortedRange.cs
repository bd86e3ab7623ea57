using System.Collections.Immutable;

namespace QueueCtl.Actors.Domain;

/// <summary>One group of a sorted-set index whose keys sort together (a queue's runnable jobs, a state's finished ones).</summary>
internal static class SortedRange
{
    /// <summary>The keys of <paramref name="set"/> from <paramref name="first"/> (the least key of the group) while they are <paramref name="inGroup"/>.</summary>
    public static IEnumerable<T> From<T>(ImmutableSortedSet<T> set, T first, Func<T, bool> inGroup)
    {
        var index = set.IndexOf(first);
        for (var i = index < 0 ? ~index : index; i < set.Count; i++)
        {
            var key = set[i];
            if (!inGroup(key))
            {
                yield break;
            }
            yield return key;
        }
    }
}
