// journal-bench [WRITES] [JOURNAL] [SYNCHRONOUS]: what one write to the host's journal costs, with nothing else running.
// A persistent actor stores two small events per write (as a finished job and the next one's start are stored),
// one write in flight, WRITES times after 1,000 untimed ones. JOURNAL is "host" (the host's SQLite journal, default:
// Akka.Persistence.Sql with queuectl's write path, SqliteWriteJournal), "plugin" (the same file and settings through
// Akka.Persistence.Sql's own SqlWriteJournal), "inmem" (Akka's in-memory journal), "sqlite" (no Akka: the same two rows inserted and committed with
// Microsoft.Data.Sqlite on the same kind of file, the floor under "sql"), or "linq2db" (no Akka: the rows written the
// way the plugin writes them, a new DataConnection, a transaction and a multi-row BulkCopy per write).
// SYNCHRONOUS is the journal file's PRAGMA synchronous, full (the host's default) or normal.
// Prints writes/s and the process's CPU per write.
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using LinqToDB;
using LinqToDB.Data;
using QueueCtl.Host;

const int Untimed = 1000;
var writes = args.Length > 0 ? int.Parse(args[0]) : 5000;
var journal = args.Length > 1 ? args[1] : "host";
var synchronous = args.Length > 2 ? args[2] : "full";
if (synchronous is not ("full" or "normal"))
{
    Console.Error.WriteLine($"journal-bench: unknown synchronous mode '{synchronous}': use full or normal");
    Environment.Exit(2);
}
if (journal is not ("host" or "plugin" or "inmem" or "sqlite" or "linq2db"))
{
    Console.Error.WriteLine($"journal-bench: unknown journal '{journal}': use host, plugin, inmem, sqlite or linq2db");
    Environment.Exit(2);
}
var temporary = Directory.CreateTempSubdirectory("journal-bench-");
try
{
    // The host's data directory: its lock, and queue.db in WAL mode.
    var (dataDirectory, error) = DataDirectory.Open(temporary.FullName);
    using var _ = dataDirectory ?? throw new InvalidOperationException(error);
    var database = dataDirectory.DatabasePath;
    if (journal is "sqlite" or "linq2db")
    {
        SqliteOnly.CreateTable(database, synchronous);
        Func<int, Task> write = journal == "sqlite" ? SqliteOnly.Writer(database) : Linq2DbOnly.Writer(database, synchronous);
        var measurement = new Measurement();
        for (var i = 0; i < Untimed + writes; i++)
        {
            if (i == Untimed)
            {
                measurement.Start();
            }
            await write(i);
        }
        Console.WriteLine(Report(writes, measurement.Stop()));
        return;
    }
    var config = journal == "inmem"
        ? ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)
        : journal == "plugin"
            ? ConfigurationFactory.ParseString("akka.persistence.journal.sql.class = \"Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql\"")
                .WithFallback(HostHocon.Persistence(database))
            : HostHocon.Persistence(database);
    // The host's journal reads its mode from queuectl.host (HostSettings), the plugin's from the DataOptionsSetup.
    config = ConfigurationFactory.ParseString($"queuectl.host.sqlite-synchronous = {synchronous}").WithFallback(config);
    var setup = BootstrapSetup.Create()
        .WithConfig(config.WithFallback("akka.loglevel = WARNING"))
        .And(new Akka.Persistence.Sql.Config.DataOptionsSetup(SqlitePragmas.DataOptions(HostHocon.ConnectionString(database), synchronous)));
    using var system = ActorSystem.Create("journal-bench", setup);
    var finished = new TaskCompletionSource<(TimeSpan Elapsed, TimeSpan Cpu)>();
    system.ActorOf(Props.Create(() => new Writer(Untimed, writes, finished)));
    Console.WriteLine(Report(writes, await finished.Task));
    await system.Terminate();
}
finally
{
    temporary.Delete(recursive: true);
}

static string Report(int writes, (TimeSpan Elapsed, TimeSpan Cpu) measured) =>
    $"{writes / measured.Elapsed.TotalSeconds:F0} writes/s, {measured.Cpu.TotalMilliseconds * 1000 / writes:F0} us of process CPU per write";

/// <summary>Wall-clock time and this process's CPU time, from <see cref="Start"/> to <see cref="Stop"/>.</summary>
internal sealed class Measurement
{
    private readonly Stopwatch _clock = new();
    private TimeSpan _cpuAtStart;

    public void Start()
    {
        _cpuAtStart = ProcessCpu;
        _clock.Start();
    }

    public (TimeSpan Elapsed, TimeSpan Cpu) Stop() => (_clock.Elapsed, ProcessCpu - _cpuAtStart);

    private static TimeSpan ProcessCpu => Process.GetCurrentProcess().TotalProcessorTime;
}

/// <summary>Two rows a transaction through Microsoft.Data.Sqlite alone: a pooled connection opened per write, as the plugin does.</summary>
internal static class SqliteOnly
{
    public static void CreateTable(string database, string synchronous)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(HostHocon.ConnectionString(database));
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = $"PRAGMA synchronous={synchronous}; " +
                             "CREATE TABLE rows (ordering INTEGER PRIMARY KEY, persistence_id TEXT, sequence_nr INTEGER, payload BLOB)";
        create.ExecuteNonQuery();
    }

    /// <summary>Write number i. One write at a time reuses the one pooled connection, which keeps its pragma.</summary>
    public static Func<int, Task> Writer(string database)
    {
        var connectionString = HostHocon.ConnectionString(database);
        var payload = new byte[60];
        return i =>
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO rows (persistence_id, sequence_nr, payload) VALUES ('q', $n, $p), ('q', $n + 1, $p)";
            insert.Parameters.AddWithValue("$n", 2 * i);
            insert.Parameters.AddWithValue("$p", payload);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return Task.CompletedTask;
        };
    }
}

/// <summary>
/// The plugin's way of writing without the plugin: per write a new linq2db DataConnection, a transaction, a multi-row
/// BulkCopy, with the asynchronous calls the plugin makes.
/// </summary>
internal static class Linq2DbOnly
{
    public static Func<int, Task> Writer(string database, string synchronous)
    {
        var schema = new LinqToDB.Mapping.MappingSchema("journal-bench", LinqToDB.Mapping.MappingSchema.Default);
        new LinqToDB.Mapping.FluentMappingBuilder(schema).Entity<Row>().HasTableName("rows")
            .Property(r => r.Ordering).HasColumnName("ordering").IsIdentity().IsPrimaryKey()
            .Property(r => r.PersistenceId).HasColumnName("persistence_id")
            .Property(r => r.SequenceNr).HasColumnName("sequence_nr")
            .Property(r => r.Payload).HasColumnName("payload")
            .Build();
        var options = SqlitePragmas.DataOptions(HostHocon.ConnectionString(database), synchronous).UseMappingSchema(schema);
        var bulk = new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows };
        var payload = new byte[60];
        return async i =>
        {
            await using var connection = new DataConnection(options);
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.BulkCopyAsync(bulk, new[] { new Row("q", 2 * i, payload), new Row("q", 2 * i + 1, payload) });
            await transaction.CommitAsync();
        };
    }

    private sealed class Row(string persistenceId, long sequenceNr, byte[] payload)
    {
        public long Ordering { get; set; }
        public string PersistenceId { get; set; } = persistenceId;
        public long SequenceNr { get; set; } = sequenceNr;
        public byte[] Payload { get; set; } = payload;
    }
}

/// <summary>Stores two events a write, one write in flight, as the queue manager does after each job.</summary>
internal sealed class Writer : ReceivePersistentActor
{
    private readonly int _untimed;
    private readonly int _timed;
    private readonly TaskCompletionSource<(TimeSpan, TimeSpan)> _finished;
    private readonly Measurement _measurement = new();
    private int _written;

    public Writer(int untimed, int timed, TaskCompletionSource<(TimeSpan, TimeSpan)> finished)
    {
        (_untimed, _timed, _finished) = (untimed, timed, finished);
        Recover<string>(_ => { });
        Command<Next>(_ => WriteNext());
    }

    public override string PersistenceId => "journal-bench";

    protected override void OnReplaySuccess() => Self.Tell(Next.Instance);

    private void WriteNext()
    {
        if (_written == _untimed)
        {
            _measurement.Start();
        }
        if (_written == _untimed + _timed)
        {
            _finished.TrySetResult(_measurement.Stop());
            return;
        }
        _written++;
        var stored = 0;
        PersistAllAsync(
            [$"{{\"completed\":\"job-{_written}\",\"exit_code\":0}}", $"{{\"started\":\"job-{_written + 1}\",\"attempt\":1}}"],
            _ => { if (++stored == 2) { Self.Tell(Next.Instance); } });
    }

    private sealed class Next
    {
        public static readonly Next Instance = new();
    }
}
