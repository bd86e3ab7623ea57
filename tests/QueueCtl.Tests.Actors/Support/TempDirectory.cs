using Microsoft.Data.Sqlite;

namespace QueueCtl.Tests.Actors.Support;

/// <summary>A real directory under /tmp for one test; deleted on dispose (SQLite pools are cleared first so no handle keeps a file open).</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("queuectl-actors-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A job process killed a moment ago may still be closing its log; /tmp is cleaned eventually.
        }
    }
}
