
namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// Mounts for storage faults (the tests run as root, as CI does): a small tmpfs that can be filled, and a read-only
/// bind mount of a directory onto itself. Disposing unmounts.
/// </summary>
internal sealed class Mount : IAsyncDisposable
{
    private Mount(string path) => Path = path;

    public string Path { get; }

    /// <summary>A tmpfs of <paramref name="sizeBytes"/> on a new directory under the temp directory.</summary>
    public static async Task<Mount> TmpfsAsync(long sizeBytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "queuectl-e2e-tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0700", "tmpfs", path);
        return new Mount(path);
    }

    /// <summary><paramref name="directory"/> made read-only in place, by a read-only bind mount onto itself.</summary>
    public static async Task<Mount> ReadOnlyAsync(string directory)
    {
        await RunAsync("mount", "--bind", directory, directory);
        var mount = new Mount(directory);
        try
        {
            await RunAsync("mount", "-o", "remount,ro,bind", directory);
        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }
        return mount;
    }

    /// <summary>Fills the mount until a write fails with "no space left", leaving nothing free.</summary>
    public void Fill()
    {
        using var file = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }
    }

    public static async Task RunAsync(string program, params string[] args)
    {
        var result = await Cli.RunProcessAsync(program, args, new Dictionary<string, string?>(), stdin: null, TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed (these tests need root):\n{result}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var result = await Cli.RunProcessAsync("umount", [Path], new Dictionary<string, string?>(), stdin: null, TimeSpan.FromSeconds(30));
            if (result.ExitCode == 0)
            {
                break;
            }
            await Task.Delay(200); // a process of the test may still hold a file open
        }
        if (Path.Contains("queuectl-e2e-tmpfs-", StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // still mounted: left for the machine's temp cleanup
            }
        }
    }
}
