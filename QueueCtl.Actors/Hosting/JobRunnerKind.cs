namespace QueueCtl.Actors.Hosting;

/// <summary>
/// Which runner starts the jobs' processes (<c>queuectl.runner</c>: <c>auto</c>, <c>native</c> or <c>portable</c>; <c>auto</c>
/// is native on Linux and portable elsewhere). See the README's Runners section for what each guarantees.
/// </summary>
public enum JobRunnerKind
{
    /// <summary>Linux only: posix_spawn in a session of the job's own, a pidfd reaper, a shell started ahead for each worker.</summary>
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

    /// <summary>The runner <paramref name="setting"/> names on this OS, or why it names none here.</summary>
    public static (JobRunnerKind? Runner, string? Error) Resolve(string setting) => setting.Trim().ToLowerInvariant() switch
    {
        Auto => (OperatingSystem.IsLinux() ? JobRunnerKind.Native : JobRunnerKind.Portable, null),
        Native when OperatingSystem.IsLinux() => (JobRunnerKind.Native, null),
        Native => (null, $"the native runner needs Linux; use {Auto} or {Portable} on this OS"),
        Portable => (JobRunnerKind.Portable, null),
        _ => (null, $"must be {Auto}, {Native} or {Portable}, not '{setting}'"),
    };
}
