namespace QueueCtl.Actors.Workers;

/// <summary>
/// One run of a job's command: <c>/bin/sh -c Command</c> in a new session (so its whole process tree can be
/// killed as a group), stdout and stderr appended in order to <see cref="LogPath"/>, stdin from /dev/null.
/// <see cref="Environment"/> is added to the host's own environment.
/// </summary>
internal sealed record ProcessStart(string Command, string LogPath, IReadOnlyDictionary<string, string> Environment);
