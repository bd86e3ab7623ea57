using Akka.Persistence.Sql.Journal.Types;
using Microsoft.Data.Sqlite;

namespace QueueCtl.Host.Journal;

/// <summary>
/// Inserts journal rows over one SQLite connection with one prepared INSERT, outside any actor: a write that finds the
/// writer idle starts a drain on the thread pool, which stores what is queued and goes on until the queue is empty.
/// Writes that arrive while a transaction is being committed are stored together in the next one (group commit): one
/// commit for as many writes as queued up, never a wait for more to come.
/// </summary>
/// <remarks>
/// A write is reported on the draining thread, in order, so the journal's replies to the persistent actor leave from
/// there without another hand-off. A failed transaction is rolled back and the connection closed; the next write opens a new
/// one. BEGIN IMMEDIATE and COMMIT are prepared statements too: Microsoft.Data.Sqlite's BeginTransaction parses its BEGIN
/// anew each time, which cost as much CPU as the inserts.
/// </remarks>
internal sealed class JournalRowWriter : IDisposable, IThreadPoolWorkItem
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly JournalInsert _insert;
    private readonly Lock _gate = new();
    private List<QueuedWrite> _queued = [];
    private bool _closed;
    private bool _draining;
    private SqliteConnection? _connection;
    private Statements? _statements;

    public JournalRowWriter(string connectionString, string pragmas, JournalInsert insert)
    {
        (_connectionString, _pragmas, _insert) = (connectionString, pragmas, insert);
    }

    /// <summary>
    /// Stores <paramref name="rows"/> in one transaction, possibly shared with other writes, then calls
    /// <paramref name="stored"/> with null, or with why they were not stored. The calls come in the order of the writes, on
    /// the draining thread (or at once, on this one, if the writer is closed), and must not throw. A write of no rows
    /// stores nothing and is called back in its turn.
    /// </summary>
    public void Write(IReadOnlyList<JournalRow> rows, Action<Exception?> stored)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _queued.Add(new QueuedWrite(rows, stored));
                if (!_draining)
                {
                    _draining = true;
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
                }
                return;
            }
        }
        stored(new ObjectDisposedException(nameof(JournalRowWriter), "the journal is stopping"));
    }

    /// <summary>Stops taking writes; the ones already queued are still stored, then the connection is closed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_draining)
            {
                CloseConnection();
            }
        }
    }

    /// <summary>Drains the queue on a thread-pool thread, one transaction per turn, until it is empty.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        List<QueuedWrite> batch = [];
        while (true)
        {
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _draining = false;
                    if (_closed)
                    {
                        CloseConnection();
                    }
                    return;
                }
                (batch, _queued) = (_queued, batch);
            }
            Store(batch);
            batch.Clear();
        }
    }

    /// <summary>Stores a batch in one transaction (none if it holds no rows), then reports every write of it, in order.</summary>
    private void Store(List<QueuedWrite> batch)
    {
        var failure = batch.TrueForAll(write => write.Rows.Count == 0) ? null : Transact(batch);
        foreach (var write in batch)
        {
            write.Stored(failure);
        }
    }

    /// <summary>Inserts the batch's rows in one transaction: null, or why it failed (then rolled back, its connection closed).</summary>
    private Exception? Transact(List<QueuedWrite> batch)
    {
        try
        {
            var statements = _statements ?? OpenConnection();
            statements.Begin.ExecuteNonQuery();
            foreach (var write in batch)
            {
                foreach (var row in write.Rows)
                {
                    _insert.Bind(statements.Insert, row);
                    statements.Insert.ExecuteNonQuery();
                }
            }
            statements.Commit.ExecuteNonQuery();
            return null;
        }
        catch (Exception e)
        {
            RollBack();
            CloseConnection();
            return e;
        }
    }

    private Statements OpenConnection()
    {
        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = _pragmas;
            pragmas.ExecuteNonQuery();
        }
        return _statements = new Statements(Prepared(_connection, "BEGIN IMMEDIATE"), _insert.Prepare(_connection), Prepared(_connection, "COMMIT"));
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }

    /// <summary>
    /// Ends a transaction a failure left open by really closing the connection. Closing alone would return it to
    /// Microsoft.Data.Sqlite's pool, which rolls back only the transactions it began itself, and the open one would keep
    /// the write lock from every other connection.
    /// </summary>
    private void RollBack()
    {
        if (_connection is not null)
        {
            SqliteConnection.ClearPool(_connection);
        }
    }

    private void CloseConnection()
    {
        _statements?.Dispose();
        _connection?.Dispose();
        (_statements, _connection) = (null, null);
    }

    private sealed record Statements(SqliteCommand Begin, SqliteCommand Insert, SqliteCommand Commit) : IDisposable
    {
        public void Dispose()
        {
            Begin.Dispose();
            Insert.Dispose();
            Commit.Dispose();
        }
    }

    private sealed record QueuedWrite(IReadOnlyList<JournalRow> Rows, Action<Exception?> Stored);
}
