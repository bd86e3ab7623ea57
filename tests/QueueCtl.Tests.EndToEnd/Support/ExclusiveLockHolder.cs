using System.Diagnostics;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>The <c>sqlite3</c> shell holding <c>BEGIN EXCLUSIVE</c> on a database until disposed.</summary>
internal sealed class ExclusiveLockHolder : IDisposable
{
    private readonly Process _process;

    private ExclusiveLockHolder(Process process) => _process = process;

    public bool StillHolds => !_process.HasExited;

    public static async Task<ExclusiveLockHolder> StartAsync(string database)
    {
        // sqlite3 buffers what it prints to a pipe, so it says it holds the lock by creating a file.
        var marker = database + ".test-locked";
        var start = new ProcessStartInfo("sqlite3", [database])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sqlite3");
        var holder = new ExclusiveLockHolder(process);
        try
        {
            await process.StandardInput.WriteLineAsync($"BEGIN EXCLUSIVE;\n.shell touch '{marker}'");
            await process.StandardInput.FlushAsync();
            await Eventually.AssertAsync(() => Assert.True(File.Exists(marker), "sqlite3 has not taken the lock yet"),
                TimeSpan.FromSeconds(30), "sqlite3's exclusive lock");
            File.Delete(marker);
            Assert.True(holder.StillHolds, "sqlite3 exited after taking the lock");
            return holder;
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Closing its input ends sqlite3, which rolls the empty transaction back.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
