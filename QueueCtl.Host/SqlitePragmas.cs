using System.Data.Common;
using System.Runtime.CompilerServices;
using LinqToDB;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace QueueCtl.Host;

/// <summary>
/// Sets <c>PRAGMA synchronous</c> on every journal connection (a per-connection setting in SQLite), once per native
/// connection: the pool hands the same one out again for every write, and a pragma per write cost a round trip each.
/// In WAL mode <c>NORMAL</c> survives a crash or kill -9 of the host with nothing lost and skips the fsync per
/// commit; <c>FULL</c> also survives power loss of the machine, at one fsync per commit.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : ConnectionInterceptor
{
    public static readonly string[] SynchronousModes = ["off", "normal", "full", "extra"];

    private string Pragma => Statement(synchronous);

    /// <summary>The pragmas to run on a journal connection when it is opened.</summary>
    public static string Statement(string synchronous) => $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;";

    public static DataOptions DataOptions(string connectionString, string synchronous) =>
        new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas(synchronous));

    /// <summary>The native connections already set up (weak keys: a connection the pool closes drops out).</summary>
    private readonly ConditionalWeakTable<object, object> _configured = [];

    /// <summary>True the first time a native connection is seen (a non-SQLite connection is always configured).</summary>
    private bool FirstOpening(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (!FirstOpening(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        if (!FirstOpening(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
