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
/// A write's task completes on the draining thread, so the journal's reply to the persistent actor leaves from there
/// without another hand-off. After a failed transaction the connection is closed and the next write opens a new one.
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
    private SqliteCommand? _command;

    public JournalRowWriter(string connectionString, string pragmas, JournalInsert insert)
    {
        (_connectionString, _pragmas, _insert) = (connectionString, pragmas, insert);
    }

    /// <summary>Stores <paramref name="rows"/> in one transaction, possibly shared with other writes.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRow> rows)
    {
        var write = new QueuedWrite(rows, new TaskCompletionSource());
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException(new ObjectDisposedException(nameof(JournalRowWriter), "the journal is stopping"));
            }
            _queued.Add(write);
            if (!_draining)
            {
                _draining = true;
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }
        }
        return write.Stored.Task;
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

    private void Store(List<QueuedWrite> batch)
    {
        try
        {
            var command = _command ?? OpenConnection();
            using (var transaction = _connection!.BeginTransaction(deferred: false))
            {
                command.Transaction = transaction;
                foreach (var write in batch)
                {
                    foreach (var row in write.Rows)
                    {
                        _insert.Bind(command, row);
                        command.ExecuteNonQuery();
                    }
                }
                transaction.Commit();
            }
        }
        catch (Exception e)
        {
            CloseConnection();
            foreach (var write in batch)
            {
                write.Stored.TrySetException(e);
            }
            return;
        }
        foreach (var write in batch)
        {
            write.Stored.TrySetResult();
        }
    }

    private SqliteCommand OpenConnection()
    {
        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = _pragmas;
            pragmas.ExecuteNonQuery();
        }
        return _command = _insert.Prepare(_connection);
    }

    private void CloseConnection()
    {
        _command?.Dispose();
        _connection?.Dispose();
        (_command, _connection) = (null, null);
    }

    private sealed record QueuedWrite(IReadOnlyList<JournalRow> Rows, TaskCompletionSource Stored);
}
