using System.Data.Common;
using LinqToDB;
using LinqToDB.Interceptors;

namespace QueueCtl.Host;

/// <summary>
/// Sets <c>PRAGMA synchronous</c> on every journal connection (a per-connection setting in SQLite).
/// In WAL mode <c>NORMAL</c> survives a crash or kill -9 of the host with nothing lost and skips the fsync per
/// commit; <c>FULL</c> also survives power loss of the machine, at one fsync per commit.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : ConnectionInterceptor
{
    public static readonly string[] SynchronousModes = ["off", "normal", "full", "extra"];

    private string Pragma => $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000;";

    public static DataOptions DataOptions(string connectionString, string synchronous) =>
        new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqlitePragmas(synchronous));

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
