using Akka.Configuration;
using Microsoft.Data.Sqlite;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Host;

/// <summary>The host's own HOCON: the SQLite journal and snapshot store, and remoting limits.</summary>
internal static class HostHocon
{
    /// <summary>The optional <c>host.conf</c> in the data directory: HOCON that overrides any default of queuectl.conf.</summary>
    public static Config UserOverrides(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "host.conf");
        return File.Exists(path) ? ConfigurationFactory.ParseString(File.ReadAllText(path)) : Config.Empty;
    }

    /// <summary><c>queuectl.runner</c> as <c>QUEUECTL_RUNNER</c> sets it, over host.conf (see <see cref="HostArguments.Runner"/>).</summary>
    public static Config Runner(string runner) =>
        ConfigurationFactory.ParseString($"{QueueCtlSettings.RunnerKey} = {HoconString.Quote(runner)}");

    /// <summary>
    /// The journal's connection string, built (and so quoted) by SQLite's own builder: a data directory may hold <c>;</c>,
    /// <c>=</c> or quotes, which would end or change a value pasted into the text.
    /// </summary>
    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    public static Config Persistence(string databasePath)
    {
        var connection = HoconString.Quote(ConnectionString(databasePath));
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  # Akka.Persistence.Sql's journal, storing new events by a shorter path of queuectl's (see SqliteWriteJournal).
                  class = "QueueCtl.Host.Journal.SqliteWriteJournal, QueueCtl.Host"
                  connection-string = {{connection}}
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                  # The plugin's own write queue stays idle (SqliteWriteJournal stores new events itself); if it
                  # were used, one writer would suit SQLite, which has one writer at a time.
                  parallelism = 1
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = {{connection}}
                  provider-name = "SQLite.MS"
                  auto-initialize = true
                }
              }
            }
            """);
    }

    /// <summary>An idle host should use no CPU: Akka's default scheduler wakes every tick, <see cref="DeadlineScheduler"/> only when something is due.</summary>
    public static Config Idle() => DeadlineScheduler.Hocon;

    public static Config Remoting() => ConfigurationFactory.ParseString($$"""
        akka.remote.dot-netty.tcp {
          # With the Linux default a second host could bind the same port and run the same jobs again.
          tcp-reuse-addr = off
          maximum-frame-size = {{QueueCtlNames.MaximumFrameSize}}
          send-buffer-size = {{QueueCtlNames.MaximumFrameSize}}
          receive-buffer-size = {{QueueCtlNames.MaximumFrameSize}}
        }
        """);
}
