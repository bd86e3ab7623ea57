using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Hosting;
using QueueCtl.Host;
using QueueCtl.Host.Journal;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The host's journal (<see cref="SqliteWriteJournal"/>) against the plain Akka.Persistence.Sql journal, on real
/// SQLite files: it must store the very rows the plugin stores, and each must read what the other wrote.
/// </summary>
public sealed class SqliteWriteJournalTests : IDisposable
{
    private const string PluginJournal = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql";
    private const string QueueCtlJournal = "QueueCtl.Host.Journal.SqliteWriteJournal, QueueCtl.Host";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("TagTable", false)]
    [InlineData("Csv", true)]
    public async Task SqliteWriteJournal_StoresTheSameRowsAsThePlugin_ForSingleAtomicAndTaggedWrites(string tagMode, bool tagged)
    {
        var byPlugin = await StoreScriptAsync("plugin", PluginJournal, tagMode, tagged);
        var byQueueCtl = await StoreScriptAsync("queuectl", QueueCtlJournal, tagMode, tagged);

        Assert.Equal(tagged ? 7 : 6, byPlugin.Count);
        Assert.Equal(byPlugin, byQueueCtl);
    }

    [Fact]
    public async Task SqliteWriteJournal_ContinuesAJournalThePluginWrote_AndThePluginReadsBackBoth()
    {
        var database = NewDatabase("shared");
        await WithEventLogAsync(database, PluginJournal, "Csv", "log", async log =>
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["one", "two"]), Timeout)));

        await WithEventLogAsync(database, QueueCtlJournal, "Csv", "log", async log =>
        {
            Assert.Equal(["one", "two"], await log.Ask<string[]>(Recovered.Instance, Timeout));
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["three", "four"]), Timeout));
        });

        await WithEventLogAsync(database, PluginJournal, "Csv", "log", async log =>
            Assert.Equal(["one", "two", "three", "four"], await log.Ask<string[]>(Recovered.Instance, Timeout)));
    }

    [Theory]
    [InlineData(PluginJournal)]
    [InlineData(QueueCtlJournal)]
    public async Task SqliteWriteJournal_AnswersEachEventAndDeferredMessageToItsSender_InTheOrderTheyWereGiven(string journalClass)
    {
        // The persistent actor sees an event's original sender in its handler, and deferred messages keep their place.
        await WithSystemAsync(NewDatabase("answers"), journalClass, "TagTable", async system =>
        {
            var log = system.ActorOf(EventLog.Props("log"));
            var inbox = Inbox.Create(system);

            inbox.Send(log, new StoreAsyncThenDefer(["a", "b"]));
            inbox.Send(log, new StoreAsyncThenDefer(["c"]));

            var answers = new List<object>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add(await inbox.ReceiveAsync(Timeout));
            }
            Assert.Equal(["stored a", "stored b", "deferred a b", "stored c", "deferred c"], answers);
        });
    }

    [Fact]
    public async Task SqliteWriteJournal_AnswersAWriteWithNothingToStore_AfterTheWriteBeforeIt()
    {
        // The journal protocol itself: a write with nothing to store (here a tagged event, rejected at once in this tag mode;
        // a deferred message is another) must not be answered before the write ahead of it, still being stored (held up by
        // another connection's lock), or the persistent actor would run the wrong handler.
        var database = NewDatabase("order");
        await WithSystemAsync(database, QueueCtlJournal, "TagTable", async system =>
        {
            Assert.Equal(Stored.Instance, await system.ActorOf(EventLog.Props("create-tables")).Ask<object>(new Store(["x"]), Timeout));
            var journal = Persistence.Instance.Apply(system).JournalFor(null);
            var inbox = Inbox.Create(system);
            var writer = Guid.NewGuid().ToString();
            var stored = new Persistent("one", 1, "raw", "", false, ActorRefs.NoSender, writer);
            var rejected = new Persistent(new Tagged("two", ["blue"]), 2, "raw", "", false, ActorRefs.NoSender, writer);

            using var blocker = Open(database);
            Execute(blocker, "BEGIN IMMEDIATE");
            journal.Tell(new WriteMessages([new AtomicWrite(stored)], inbox.Receiver, 1));
            journal.Tell(new WriteMessages([new AtomicWrite(rejected)], inbox.Receiver, 1));
            await Task.Delay(300);
            Execute(blocker, "COMMIT");

            var answers = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                answers.Add((await inbox.ReceiveAsync(Timeout)).GetType().Name);
            }
            Assert.Equal([nameof(WriteMessagesSuccessful), nameof(WriteMessageSuccess), nameof(WriteMessagesSuccessful), nameof(WriteMessageRejected)], answers);
        });
    }

    [Fact]
    public async Task SqliteWriteJournal_StoresEveryWriteOfManyActorsInOrder_WhenTheyWriteAtOnce()
    {
        var database = NewDatabase("many");
        const int actors = 8, eventsEach = 40;
        await WithSystemAsync(database, QueueCtlJournal, "TagTable", async system =>
        {
            var logs = Enumerable.Range(0, actors).Select(a => system.ActorOf(EventLog.Props($"log-{a}"))).ToList();
            // Every event a write of its own, all in flight at once: the writer commits whatever queued up together.
            var stores = logs.SelectMany((log, a) => Enumerable.Range(0, eventsEach)
                .Select(e => log.Ask<object>(new Store([$"{a}-{e}"]), Timeout)));
            Assert.All(await Task.WhenAll(stores), reply => Assert.Equal(Stored.Instance, reply));
        });

        await WithSystemAsync(database, QueueCtlJournal, "TagTable", async system =>
        {
            for (var a = 0; a < actors; a++)
            {
                var log = system.ActorOf(EventLog.Props($"log-{a}"));
                var expected = Enumerable.Range(0, eventsEach).Select(e => $"{a}-{e}");
                Assert.Equal(expected, await log.Ask<string[]>(Recovered.Instance, Timeout));
            }
        });
    }

    [Fact]
    public async Task SqliteWriteJournal_FailsTheWriteThatCannotBeStored_AndStoresTheNextOnes()
    {
        var database = NewDatabase("conflict");
        await WithSystemAsync(database, QueueCtlJournal, "TagTable", async system =>
        {
            var log = system.ActorOf(EventLog.Props("log"));
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["first"]), Timeout));
            // Another writer took sequence number 2 behind the journal's back: the unique index refuses the next write.
            Execute(database, "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier) " +
                              "SELECT created, deleted, persistence_id, 2, message, manifest, identifier FROM journal");
            var probe = system.ActorOf(Props.Create(() => new Watcher(log)));
            log.Tell(new Store(["second"]));
            Assert.Equal("terminated", await probe.Ask<string>("await-termination", Timeout));

            var other = system.ActorOf(EventLog.Props("other"));
            Assert.Equal(Stored.Instance, await other.Ask<object>(new Store(["after"]), Timeout));
        });

        await WithEventLogAsync(database, PluginJournal, "TagTable", "other", async other =>
            Assert.Equal(["after"], await other.Ask<string[]>(Recovered.Instance, Timeout)));
    }

    [Fact]
    public async Task SqliteWriteJournal_RejectsATaggedEvent_WhenTagsBelongInTheTagTable()
    {
        var database = NewDatabase("tags");
        await WithEventLogAsync(database, QueueCtlJournal, "TagTable", "log", async log =>
        {
            var rejected = Assert.IsType<Rejected>(await log.Ask<object>(new Store(["tagged"], Tags: ["t"]), Timeout));
            Assert.Contains("tag-write-mode = Csv", rejected.Reason);
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["plain"]), Timeout));
        });

        await WithEventLogAsync(database, PluginJournal, "TagTable", "log", async log =>
            Assert.Equal(["plain"], await log.Ask<string[]>(Recovered.Instance, Timeout)));
    }

    [Fact]
    public async Task JournalRowWriter_StoresWhatWasQueuedBeforeItWasDisposed_AndRefusesLaterWrites()
    {
        var database = NewDatabase("writer");
        await WithSystemAsync(database, PluginJournal, "TagTable", async system =>
            Assert.Equal(Stored.Instance, await system.ActorOf(EventLog.Props("create-tables")).Ask<object>(new Store(["x"]), Timeout)));
        var config = new Akka.Persistence.Sql.Config.JournalConfig(JournalHocon(database, PluginJournal, "TagTable")
            .GetConfig("akka.persistence.journal.sql").WithFallback(SqlPersistence.DefaultJournalConfiguration));

        using var blocker = Open(database);
        Execute(blocker, "BEGIN IMMEDIATE"); // holds SQLite's write lock: the writer's transaction waits for it
        var writer = new JournalRowWriter(HostHocon.ConnectionString(database), SqlitePragmas.Statement("normal"), new JournalInsert(config));
        var queued = WriteAsync(writer, [Row("w", 1), Row("w", 2)]);
        writer.Dispose();
        var refused = WriteAsync(writer, [Row("w", 3)]);
        Execute(blocker, "COMMIT");

        await queued.WaitAsync(Timeout);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => refused);
        Assert.Equal([1L, 2L], Query(database, "SELECT sequence_number FROM journal WHERE persistence_id = 'w' ORDER BY ordering"));
    }

    /// <summary>The same writes, in the same order, through one journal; the rows it left, compared column by column.</summary>
    private async Task<List<string>> StoreScriptAsync(string name, string journalClass, string tagMode, bool tagged)
    {
        var database = NewDatabase(name);
        var before = DateTime.UtcNow.Ticks;
        await WithSystemAsync(database, journalClass, tagMode, async system =>
        {
            var log = system.ActorOf(EventLog.Props("log"));
            var other = system.ActorOf(EventLog.Props("other"));
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["single"]), Timeout));
            Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["atomic-1", "atomic-2", "atomic-3"]), Timeout));
            Assert.Equal(Stored.Instance, await other.Ask<object>(new StoreQueueEvent(new JobStarted("job-1", 2, DateTimeOffset.UnixEpoch)), Timeout));
            Assert.Equal(Stored.Instance, await other.Ask<object>(new Store(["ünïcode ✓"]), Timeout));
            if (tagged)
            {
                Assert.Equal(Stored.Instance, await log.Ask<object>(new Store(["tagged"], Tags: ["blue", "green"]), Timeout));
            }
        });
        var after = DateTime.UtcNow.Ticks;
        var created = Query(database, "SELECT created FROM journal");
        Assert.All(created, ticks => Assert.InRange((long)ticks!, before, after));
        var hasTags = tagMode != "TagTable";
        return Query(database,
                "SELECT ordering, typeof(created), deleted, typeof(deleted), persistence_id, sequence_number, hex(message), " +
                $"identifier, manifest, typeof(manifest), length(writer_uuid), {(hasTags ? "tags, typeof(tags)" : "NULL, NULL")} " +
                "FROM journal ORDER BY ordering", columns: 13)
            .Select(row => string.Join(" | ", (object?[])row!))
            .ToList();
    }

    private string NewDatabase(string name)
    {
        var directory = Path.Combine(_temp.Path, name);
        var (dataDirectory, error) = DataDirectory.Open(directory);
        Assert.Null(error);
        dataDirectory!.Dispose(); // the file is set up (WAL); the lock is not needed here
        return dataDirectory.DatabasePath;
    }

    private static Config JournalHocon(string database, string journalClass, string tagMode) =>
        ConfigurationFactory.ParseString($$"""
                akka.persistence.journal.sql {
                  class = "{{journalClass}}"
                  tag-write-mode = {{tagMode}}
                }
                akka.loglevel = WARNING
                """)
            .WithFallback(HostHocon.Persistence(database))
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(QueueCtlConfig.Default);

    private static async Task WithSystemAsync(string database, string journalClass, string tagMode, Func<ActorSystem, Task> body)
    {
        var system = ActorSystem.Create("journal-test", JournalHocon(database, journalClass, tagMode));
        try
        {
            await body(system);
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
    }

    private static Task WithEventLogAsync(string database, string journalClass, string tagMode, string persistenceId, Func<IActorRef, Task> body) =>
        WithSystemAsync(database, journalClass, tagMode, system => body(system.ActorOf(EventLog.Props(persistenceId))));

    /// <summary>A write to <paramref name="writer"/> as a task: completed once stored, faulted with why it was not.</summary>
    private static Task WriteAsync(JournalRowWriter writer, IReadOnlyList<Akka.Persistence.Sql.Journal.Types.JournalRow> rows)
    {
        var stored = new TaskCompletionSource();
        writer.Write(rows, failure =>
        {
            if (failure is null)
            {
                stored.TrySetResult();
            }
            else
            {
                stored.TrySetException(failure);
            }
        });
        return stored.Task;
    }

    private static Akka.Persistence.Sql.Journal.Types.JournalRow Row(string persistenceId, long sequenceNumber) => new()
    {
        PersistenceId = persistenceId,
        SequenceNumber = sequenceNumber,
        Message = [1, 2, 3],
        Manifest = "",
        Identifier = 1,
        Timestamp = DateTime.UtcNow.Ticks,
    };

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(string database, string sql)
    {
        using var connection = Open(database);
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<object?> Query(string database, string sql) =>
        Query(database, sql, columns: 1).Select(row => ((object?[])row!)[0]).ToList();

    private static List<object?> Query(string database, string sql, int columns)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, columns).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }
        return rows;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Store these events in one atomic write.</summary>
    private sealed record Store(string[] Events, string[]? Tags = null);

    private sealed record StoreQueueEvent(IQueueEvent Event);

    /// <summary>The events stored with PersistAllAsync, then a DeferAsync: every handler answers the sender.</summary>
    private sealed record StoreAsyncThenDefer(string[] Events);

    private sealed class Stored
    {
        public static readonly Stored Instance = new();
    }

    private sealed record Rejected(string Reason);

    private sealed class Recovered
    {
        public static readonly Recovered Instance = new();
    }

    /// <summary>Stores what it is told, each command's events in one atomic write, and answers once stored.</summary>
    private sealed class EventLog : ReceivePersistentActor
    {
        private readonly List<string> _events = [];
        private IActorRef _rejectedTo = ActorRefs.Nobody;

        public EventLog(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_events.Add);
            Recover<IQueueEvent>(_ => { });
            Command<Recovered>(_ => Sender.Tell(_events.ToArray()));
            Command<StoreQueueEvent>(store => Persist(store.Event, _ => Sender.Tell(Stored.Instance)));
            Command<StoreAsyncThenDefer>(store =>
            {
                PersistAllAsync(store.Events, stored => Sender.Tell($"stored {stored}"));
                DeferAsync($"deferred {string.Join(' ', store.Events)}", deferred => Sender.Tell(deferred));
            });
            Command<Store>(store =>
            {
                var replyTo = Sender;
                _rejectedTo = replyTo;
                object Payload(string e) => store.Tags is { } tags ? new Tagged(e, tags) : e;
                var remaining = store.Events.Length;
                void OnStored(object e)
                {
                    _events.Add(e is Tagged t ? (string)t.Payload : (string)e);
                    if (--remaining == 0)
                    {
                        replyTo.Tell(Stored.Instance);
                    }
                }
                PersistAll(store.Events.Select(Payload), OnStored);
            });
        }

        public override string PersistenceId { get; }

        public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new EventLog(persistenceId));

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
            _rejectedTo.Tell(new Rejected(cause.Message));
    }

    /// <summary>Answers "terminated" once the watched actor has stopped (a persistent actor stops on a failed write).</summary>
    private sealed class Watcher : ReceiveActor
    {
        private IActorRef? _waiting;
        private bool _terminated;

        public Watcher(IActorRef watched)
        {
            Context.Watch(watched);
            Receive<Terminated>(_ =>
            {
                _terminated = true;
                _waiting?.Tell("terminated");
            });
            Receive<string>(_ =>
            {
                _waiting = Sender;
                if (_terminated)
                {
                    Sender.Tell("terminated");
                }
            });
        }
    }
}
