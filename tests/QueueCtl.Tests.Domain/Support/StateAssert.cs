using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Tests.Domain.Support;

internal static class StateAssert
{
    /// <summary>
    /// Same jobs (every field, compared as JSON because record equality compares immutable collections by
    /// reference), same indexes (runnable order, running set, due times, dependants, enqueue order, finished jobs, kept
    /// counts) and same settings.
    /// </summary>
    public static void Equivalent(QueueState expected, QueueState actual)
    {
        Assert.Equal(expected.Jobs.Keys.Order(), actual.Jobs.Keys.Order());
        foreach (var (id, job) in expected.Jobs)
        {
            Assert.Equal(Json(job), Json(actual.Jobs[id]));
        }
        Assert.Equal(expected.Runnable, actual.Runnable);
        Assert.Equal(expected.Running.Order(), actual.Running.Order());
        Assert.Equal(expected.Due, actual.Due);
        Assert.Equal(expected.Created, actual.Created);
        Assert.Equal(expected.Finished, actual.Finished);
        Assert.Equal(expected.Counts, actual.Counts);
        Assert.Equal(expected.CountsByQueue.OrderBy(p => p.Key), actual.CountsByQueue.OrderBy(p => p.Key));
        Assert.Equal(
            expected.Dependants.OrderBy(p => p.Key).Select(p => $"{p.Key}<-{string.Join(",", p.Value.Order())}"),
            actual.Dependants.OrderBy(p => p.Key).Select(p => $"{p.Key}<-{string.Join(",", p.Value.Order())}"));
        Assert.Equal(expected.WorkerCount, actual.WorkerCount);
        Assert.Equal(expected.WorkerCounts, actual.WorkerCounts);
        Assert.Equal(expected.PausedQueues.ToArray(), actual.PausedQueues.ToArray());
        Assert.Equal(expected.BusyByQueue.OrderBy(p => p.Key), actual.BusyByQueue.OrderBy(p => p.Key));
        Assert.Equal(expected.ConfigOverrides, actual.ConfigOverrides);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(expected.Defaults, actual.Defaults);
        Assert.Equal(expected.LastSequence, actual.LastSequence);
        Assert.Equal(expected.Schedules.Values, actual.Schedules.Values);
    }

    public static string Json(Job job) => JsonSerializer.Serialize(job, QueueCtlJsonContext.Default.Job);
}
