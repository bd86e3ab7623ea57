namespace QueueCtl.Actors.Workers;

/// <summary>
/// One run of a job's command, as an <see cref="IJobRunner"/> starts it: <c>/bin/sh -c Command</c> (in a new session with
/// the native runner, so its whole process tree can be killed as a group), stdout and stderr appended in order to
/// <see cref="LogPath"/>, stdin from /dev/null. <see cref="Environment"/> is added to the host's own environment.
/// </summary>
internal sealed record ProcessStart(string Command, string LogPath, IReadOnlyDictionary<string, string> Environment);
