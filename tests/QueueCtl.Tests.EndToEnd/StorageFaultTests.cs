using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3, storage faults at start: the real host refuses a data directory or <c>queue.db</c> it cannot
/// use with one clear line that names the file and the fix, exits non-zero, and never modifies a file that is not
/// its own (bytes, mtime and mode compared before and after). Faults while the host runs are the manager's.
/// The read-only mount, the immutable file and the full disk need root, as CI runs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StorageFaultTests(StorageFaultTests.QueueTemplate template, ITestOutputHelper output)
    : IClassFixture<StorageFaultTests.QueueTemplate>
{
    /// <summary>The lock wait (5 s) plus a start of the host on a busy machine.</summary>
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenTheDataDirectoryIsReadOnlyByMode()
    {
        using var home = template.NewHome();
        File.SetUnixFileMode(home.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"data directory {home.Path} is read-only", refused.Stderr);
        Assert.Contains($"chmod u+w {home.Path}", refused.Stderr);
        AssertUntouched(before, home.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(home.Path));
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenTheDataDirectoryIsOnAReadOnlyMount()
    {
        using var home = template.NewHome();
        var before = FileState.OfDirectory(home.Path);
        await using (await Mount.ReadOnlyAsync(home.Path))
        {
            var refused = await RefusedAsync(home.Path);
            Assert.Contains($"data directory {home.Path} is read-only (Read-only file system); the host needs to write it: make it writable (remount", refused.Stderr);
        }
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsReadOnly()
    {
        using var home = template.NewHome();
        File.SetUnixFileMode(home.Database, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is read-only (mode 0444", refused.Stderr);
        Assert.Contains($"chmod u+w {home.Database}", refused.Stderr);
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsImmutable()
    {
        using var home = template.NewHome();
        await Mount.RunAsync("chattr", "+i", home.Database);
        try
        {
            var before = FileState.OfDirectory(home.Path);
            var refused = await RefusedAsync(home.Path);
            Assert.Contains($"{home.Database} is read-only (Operation not permitted)", refused.Stderr);
            AssertUntouched(before, home.Path);
        }
        finally
        {
            await Mount.RunAsync("chattr", "-i", home.Database);
        }
    }

    [Fact]
    public async Task Host_RefusesWithinItsLockWaitAndChangesNothing_WhenAnotherProcessHoldsQueueDbLocked()
    {
        using var home = template.NewHome();
        var before = FileState.Of(home.Database);
        using (var holder = await ExclusiveLockHolder.StartAsync(home.Database))
        {
            var refused = await RefusedAsync(home.Path);
            Assert.Contains($"{home.Database} is locked by another process", refused.Stderr);
            Assert.Contains($"fuser {home.Database}", refused.Stderr);
            Assert.True(refused.Elapsed < TimeSpan.FromSeconds(20), $"the refusal took {refused.Elapsed}");
            Assert.True(holder.StillHolds, "the lock holder ended before the host was refused; the test proved nothing");
        }
        Assert.Equal(before, FileState.Of(home.Database));

        // Once the other process lets go, the same queue starts with its jobs intact.
        await using var host = await TestHost.StartOnAsync(home.Path, output);
        Assert.Equal(template.Summary, (await host.Cli.ListAsync()).Summary());
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsAnotherProgramsSqliteDatabase()
    {
        using var home = template.NewHome(withDatabase: false);
        await Mount.RunAsync("sqlite3", home.Database, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('ada'), ('grace');");
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is an SQLite database of another program (tables: people), not a queuectl queue", refused.Stderr);
        Assert.Contains("move it away", refused.Stderr);
        AssertUntouched(before, home.Path); // no table added, no WAL mode, no -wal or -shm beside it
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbHasAJournalTableOfAnotherShape()
    {
        using var home = template.NewHome(withDatabase: false);
        await Mount.RunAsync("sqlite3", home.Database, "CREATE TABLE journal(day TEXT, entry TEXT); INSERT INTO journal VALUES ('mon', 'rain');");
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is an SQLite database of another program (tables: journal)", refused.Stderr);
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsATextFile()
    {
        using var home = template.NewHome(withDatabase: false);
        File.WriteAllText(home.Database, "my notes, not a database\n");
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is not an SQLite database, so not a queuectl queue", refused.Stderr);
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsRandomBytes()
    {
        using var home = template.NewHome(withDatabase: false);
        var bytes = new byte[64 * 1024];
        new Random(11).NextBytes(bytes);
        File.WriteAllBytes(home.Database, bytes);
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is not an SQLite database", refused.Stderr);
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesAndChangesNothing_WhenQueueDbIsCutShort()
    {
        using var home = template.NewHome();
        var length = new FileInfo(home.Database).Length;
        Assert.True(length >= 4 * 4096, $"the template queue.db is only {length} bytes; cutting it proves little");
        using (var file = new FileStream(home.Database, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length / 2);
        }
        var before = FileState.OfDirectory(home.Path);

        var refused = await RefusedAsync(home.Path);

        Assert.Contains($"{home.Database} is damaged: it is {length / 2} bytes long where its header says", refused.Stderr);
        Assert.Contains("restore it from a backup", refused.Stderr);
        AssertUntouched(before, home.Path);
    }

    [Fact]
    public async Task Host_RefusesNamingTheFullDisk_WhenItsDataDirectoryIsOnAFullFilesystem()
    {
        await using var disk = await Mount.TmpfsAsync(1024 * 1024);
        var home = Path.Combine(disk.Path, "queue");
        Directory.CreateDirectory(home);
        File.Copy(template.Database, Path.Combine(home, "queue.db"));
        disk.Fill();
        var before = FileState.Of(Path.Combine(home, "queue.db"));

        var refused = await RefusedAsync(home);

        Assert.Contains("the disk is full", refused.Stderr);
        Assert.Contains($"df -h {home}", refused.Stderr);
        Assert.Equal(before, FileState.Of(Path.Combine(home, "queue.db")));
    }

    /// <summary>
    /// Every file that was in <paramref name="directory"/> is as it was, and the refused host left at most its own
    /// (empty) <c>host.lock</c>: no <c>host.pid</c>, no <c>-wal</c> or <c>-shm</c> beside the database, no <c>logs/</c>.
    /// </summary>
    private static void AssertUntouched(IReadOnlyDictionary<string, FileState> before, string directory)
    {
        var after = FileState.OfDirectory(directory);
        foreach (var (name, state) in before)
        {
            Assert.True(after.TryGetValue(name, out var now) && now == state, $"{name} changed: before {state}, after {now?.ToString() ?? "gone"}");
        }
        Assert.Empty(after.Keys.Except(before.Keys).Except(["host.lock"]));
        Assert.False(Directory.Exists(Path.Combine(directory, "logs")), "the refused host made logs/");
    }

    /// <summary>Runs the real host on <paramref name="home"/>; it must refuse, fast, with one line and no stack trace.</summary>
    private async Task<CliResult> RefusedAsync(string home)
    {
        var refused = await TestHost.RunRefusedHostAsync(home, $"127.0.0.1:{FreePort.Next()}");
        output.WriteLine(refused.ToString());
        Assert.True(refused.ExitCode != 0, $"the host started (or exited 0) on a faulty data directory:\n{refused}");
        Assert.DoesNotContain(TestHost.ReadyLine, refused.Stdout);
        Assert.StartsWith("queuectl host: ", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr);
        Assert.DoesNotContain("Exception", refused.Stderr);
        Assert.True(refused.Elapsed < RefusalBound, $"the refusal took {refused.Elapsed}:\n{refused}");
        return refused;
    }

    /// <summary>A real queue.db (three finished jobs), made once by a real host and copied into each test's directory.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class QueueTemplate : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "queuectl-e2e-template-" + Guid.NewGuid().ToString("N")[..12]);

        public string Database => Path.Combine(_directory, "queue.db");

        public IReadOnlyList<string> Summary { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await using var host = await TestHost.StartAsync();
            var cli = host.Cli;
            (await cli.RunAsync(["enqueue", "-"], string.Join('\n', Enumerable.Range(1, 40).Select(i =>
                $$"""{"id":"kept{{i}}","command":"echo {{new string('x', 200)}} {{i}}","max_retries":0}""")))).Succeeded();
            (await cli.RunAsync("worker", "start", "--count", "2")).Succeeded();
            (await cli.RunAsync(["wait", .. Enumerable.Range(1, 40).Select(i => $"kept{i}")], stdin: null)).Succeeded();
            Summary = (await cli.ListAsync()).Summary();
            (await host.StopAsync()).Succeeded();
            Directory.CreateDirectory(_directory);
            File.Copy(Path.Combine(host.Home, "queue.db"), Database);
            Assert.False(File.Exists(Path.Combine(host.Home, "queue.db-wal")) && new FileInfo(Path.Combine(host.Home, "queue.db-wal")).Length > 0,
                "a stopped host left a WAL file behind; the copied queue.db would miss its last events");
            foreach (var dir in new[] { "tls" })
            {
                CopyDirectory(Path.Combine(host.Home, dir), Path.Combine(_directory, dir));
            }
        }

        /// <summary>A fresh data directory holding the template's queue.db (or none) and its certificate.</summary>
        public Home NewHome(bool withDatabase = true)
        {
            var path = Path.Combine(Path.GetTempPath(), "queuectl-e2e-storage-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            CopyDirectory(Path.Combine(_directory, "tls"), Path.Combine(path, "tls"));
            if (withDatabase)
            {
                File.Copy(Database, Path.Combine(path, "queue.db"));
            }
            return new Home(path);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_directory, recursive: true);
            return Task.CompletedTask;
        }

        private static void CopyDirectory(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.EnumerateFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
                File.SetUnixFileMode(Path.Combine(to, Path.GetFileName(file)), File.GetUnixFileMode(file));
            }
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class Home(string path) : IDisposable
    {
        public string Path { get; } = path;

        public string Database => System.IO.Path.Combine(Path, "queue.db");

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
