using Microsoft.Data.Sqlite;
using QueueCtl.Host;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The host puts its database's path into HOCON (the journal's and snapshot store's connection string): a data directory
/// with spaces, <c>#</c>, <c>;</c>, quotes or backslashes must reach SQLite as the very same file.
/// </summary>
public sealed class HostHoconTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("plain")]
    [InlineData("with space # hash")]
    [InlineData("semi;colon=equals")]
    [InlineData("double\"quote and 'single'")]
    [InlineData(@"back\slash\")]
    [InlineData("$HOME ${HOME} // ünïcødé 日本")]
    [InlineData("trailing space ")]
    public void Persistence_GivesTheJournalAndSnapshotStoreTheExactDatabasePath_WhenTheDataDirectoryIsAwkward(string directoryName)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_temp.Path, directoryName)).FullName;
        var database = Path.Combine(directory, "queue.db");

        var config = HostHocon.Persistence(database);

        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            var connectionString = config.GetString($"{plugin}.connection-string");
            Assert.Equal(HostHocon.ConnectionString(database), connectionString);
            Assert.Equal(database, new SqliteConnectionStringBuilder(connectionString).DataSource);
        }
        using (var connection = new SqliteConnection(HostHocon.ConnectionString(database)))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x)";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(["queue.db"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void ConnectionString_IsTheTextTheHostAlwaysUsed_WhenThePathNeedsNoQuoting()
    {
        Assert.Equal("Data Source=/tmp/q/queue.db;Pooling=True", HostHocon.ConnectionString("/tmp/q/queue.db"));
    }

    public void Dispose() => _temp.Dispose();
}
