namespace QueueCtl.Actors.Hosting;

/// <summary>
/// What an application decides when it embeds the queue with <c>WithQueueCtl(options)</c>.
/// The journal is not chosen here: the application (the host node uses SQLite) configures Akka.Persistence.
/// </summary>
public sealed record QueueCtlOptions
{
    /// <summary>Where job output goes (<c>logs/&lt;id&gt;.log</c>); also names this queue to find its survivors after a crash.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The queue manager's persistence id: one queue per id in a journal.</summary>
    public string PersistenceId { get; init; } = "queuectl";

    /// <summary>A journal plugin other than <c>akka.persistence.journal.plugin</c>, or null for the default.</summary>
    public string? JournalPluginId { get; init; }

    /// <summary>A snapshot store other than the default, or null.</summary>
    public string? SnapshotPluginId { get; init; }

    public string LogDirectory => Path.Combine(DataDirectory, "logs");
}
