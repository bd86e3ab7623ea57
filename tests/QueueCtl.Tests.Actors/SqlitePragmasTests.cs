using LinqToDB.Data;
using QueueCtl.Host;
using QueueCtl.Tests.Actors.Support;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The host's journal connections get <c>PRAGMA synchronous</c> once per native SQLite connection; checked on a real
/// database file through linq2db, as Akka.Persistence.Sql opens them (a new DataConnection per write, pooled underneath).
/// </summary>
public sealed class SqlitePragmasTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("normal", 1)]
    [InlineData("full", 2)]
    public void SqlitePragmas_SetSynchronousOnEveryConnection_WhenThePoolHandsTheSameNativeConnectionOutAgain(string mode, long expected)
    {
        var options = SqlitePragmas.DataOptions(HostHocon.ConnectionString(_directory.File("queue.db")), mode);

        for (var opening = 1; opening <= 3; opening++)
        {
            using var connection = new DataConnection(options);
            Assert.Equal(expected, connection.Execute<long>("PRAGMA synchronous"));
            Assert.Equal(10000L, connection.Execute<long>("PRAGMA busy_timeout"));
        }
    }

    [Fact]
    public void SqlitePragmas_SetSynchronousOnASecondNativeConnection_WhenTwoAreOpenAtOnce()
    {
        var options = SqlitePragmas.DataOptions(HostHocon.ConnectionString(_directory.File("queue.db")), "off");

        using var first = new DataConnection(options);
        first.Execute<long>("PRAGMA synchronous");
        using var second = new DataConnection(options);

        Assert.Equal(0L, second.Execute<long>("PRAGMA synchronous"));
        Assert.Equal(0L, first.Execute<long>("PRAGMA synchronous"));
    }

    public void Dispose() => _directory.Dispose();
}
