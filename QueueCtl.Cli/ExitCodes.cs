namespace QueueCtl.Cli;

/// <summary>The exit codes of spec 3, in one place.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Refused by the host: unknown job, duplicate id, wrong state, protocol mismatch.</summary>
    public const int Refused = 1;

    /// <summary>Bad usage or bad input, found before or by the host.</summary>
    public const int Usage = 2;

    /// <summary>No host answers on the address tried.</summary>
    public const int Unreachable = 3;

    /// <summary><c>queuectl wait</c>: at least one job ended dead.</summary>
    public const int JobsDead = 4;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;
}
