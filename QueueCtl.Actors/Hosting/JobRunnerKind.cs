using QueueCtl.Actors.Workers;

namespace QueueCtl.Actors.Hosting;

/// <summary>
/// Which runner starts the jobs' processes (<c>queuectl.runner</c>: <c>auto</c>, <c>native</c> or <c>portable</c>; <c>auto</c>
/// is native on Linux 5.3 or later and portable elsewhere). See the README's Runners section for what each guarantees.
/// </summary>
public enum JobRunnerKind
{
    /// <summary>Linux 5.3 or later: posix_spawn in a session of the job's own, a pidfd reaper, a shell started ahead for each worker.</summary>
    Native,

    /// <summary>Anywhere .NET runs: System.Diagnostics.Process, <c>/bin/sh -c</c> (<c>cmd /c</c> on Windows).</summary>
    Portable,
}

/// <summary>The values <c>queuectl.runner</c> takes.</summary>
public static class JobRunnerSetting
{
    public const string Auto = "auto";
    public const string Native = "native";
    public const string Portable = "portable";

    /// <summary>
    /// The runner <paramref name="setting"/> names on this machine, or why it names none here: <c>auto</c> is the native
    /// runner where it works (Linux 5.3 or later), the portable one elsewhere.
    /// </summary>
    public static (JobRunnerKind? Runner, string? Error) Resolve(string setting) => setting.Trim().ToLowerInvariant() switch
    {
        Auto => (NativeJobRunner.Unavailable is null ? JobRunnerKind.Native : JobRunnerKind.Portable, null),
        Native when NativeJobRunner.Unavailable is { } why => (null, $"{why}; use {Auto} or {Portable} here"),
        Native => (JobRunnerKind.Native, null),
        Portable => (JobRunnerKind.Portable, null),
        _ => (null, $"must be {Auto}, {Native} or {Portable}, not '{setting}'"),
    };
}
