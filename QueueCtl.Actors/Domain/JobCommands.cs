using System.Globalization;
using System.Text;

namespace QueueCtl.Actors.Domain;

/// <summary>
/// What a job's command may be: it becomes one argument of <c>/bin/sh -c</c>. The one check and the one size limit
/// of both sides: the host refuses with <see cref="Problem"/>, the CLI words the same <see cref="Check"/> as input errors.
/// </summary>
public static class JobCommands
{
    /// <summary>Linux refuses a single argument of 128 KiB or more (MAX_ARG_STRLEN, with its terminating NUL) with E2BIG.</summary>
    public const int MaxBytes = 128 * 1024 - 1;

    /// <summary>How to fix a command over <see cref="MaxBytes"/>.</summary>
    public const string TooLongFix = "put it in a script file and enqueue `sh FILE`";

    /// <summary>Why a command cannot run: the three ways <see cref="Check"/> refuses one.</summary>
    public abstract record Fault
    {
        private Fault()
        {
        }

        /// <summary>Null, empty or whitespace only.</summary>
        public sealed record Empty : Fault;

        /// <summary>An OS argument ends at NUL: the shell would run only what comes before it.</summary>
        public sealed record HasNul : Fault;

        /// <summary>More than <see cref="MaxBytes"/> bytes of UTF-8.</summary>
        public sealed record TooLong(int Bytes) : Fault;
    }

    /// <summary>Why <paramref name="command"/> cannot run, or null.</summary>
    public static Fault? Check(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return new Fault.Empty();
        }
        if (command.Contains('\0'))
        {
            return new Fault.HasNul();
        }
        // A UTF-16 unit is at most 3 bytes of UTF-8: most commands need no count.
        if (command.Length <= MaxBytes / 3)
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetByteCount(command);
        return bytes > MaxBytes ? new Fault.TooLong(bytes) : null;
    }

    /// <summary>The host's words for <see cref="Check"/>: follows "job 'ID' ". Whitespace-only and NUL are refused too.</summary>
    public static string? Problem(string? command) => Check(command) switch
    {
        null => null,
        Fault.Empty => "has an empty command",
        Fault.HasNul => "has a NUL character (\\u0000) in its command, which a shell command cannot contain; remove it",
        Fault.TooLong tooLong => string.Create(CultureInfo.InvariantCulture,
            $"has a command of {tooLong.Bytes:N0} bytes; the system runs one of at most {MaxBytes:N0} (one argument of /bin/sh -c); ") +
            TooLongFix,
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
