using QueueCtl.Actors.Hosting;

namespace QueueCtl.Actors.Workers;

/// <summary>The runner a worker of a queue uses, by <see cref="JobRunnerKind"/>.</summary>
internal static class JobRunners
{
    /// <summary>A native runner's standby shells carry the queue's run marker without a job id, so the survivor sweep finds them.</summary>
    public static IJobRunner Create(JobRunnerKind kind, string queueKey) => kind switch
    {
        JobRunnerKind.Portable => PortableJobRunner.Instance,
        _ when OperatingSystem.IsLinux() => new NativeJobRunner(new Dictionary<string, string>
        {
            [QueueCtlNames.RunMarkerEnvironmentVariable] = SurvivorSweep.MarkerFor(queueKey, ""),
        }),
        _ => throw new PlatformNotSupportedException("the native runner needs Linux"), // QueueCtlSettings refuses it where it cannot work
    };
}
