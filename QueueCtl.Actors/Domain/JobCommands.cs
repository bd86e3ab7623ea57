using System.Globalization;
using System.Text;

namespace QueueCtl.Actors.Domain;

/// <summary>What a job's command may be: it becomes one argument of <c>/bin/sh -c</c>.</summary>
public static class JobCommands
{
    /// <summary>Linux refuses a single argument of 128 KiB or more (MAX_ARG_STRLEN, with its terminating NUL) with E2BIG.</summary>
    public const int MaxBytes = 128 * 1024 - 1;

    /// <summary>Why <paramref name="command"/> cannot run, or null. Whitespace-only and NUL are refused too.</summary>
    public static string? Problem(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return "has an empty command";
        }
        if (command.Contains('\0'))
        {
            // An OS argument ends at NUL: the shell would run only what comes before it.
            return "has a NUL character (\\u0000) in its command, which a shell command cannot contain; remove it";
        }
        var bytes = Encoding.UTF8.GetByteCount(command);
        return bytes > MaxBytes
            ? string.Create(CultureInfo.InvariantCulture,
                $"has a command of {bytes:N0} bytes; the system runs one of at most {MaxBytes:N0} (one argument of /bin/sh -c); ") +
              "put it in a script file and enqueue `sh FILE`"
            : null;
    }
}
