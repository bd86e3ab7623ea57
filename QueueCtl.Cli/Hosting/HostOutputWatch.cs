using System.Diagnostics;

namespace QueueCtl.Cli.Hosting;

/// <summary>
/// Wakes <c>queuectl host start</c> when the host it started writes to its output file or exits, so it sees the ready
/// line as it is written instead of up to 200 ms later on a poll. The file is watched with inotify
/// (<see cref="FileSystemWatcher"/>); where that fails (the user is out of inotify instances), every 200 ms as before.
/// </summary>
internal sealed class HostOutputWatch : IDisposable
{
    private static readonly TimeSpan Fallback = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _changed = new(0);
    private readonly Process _process;
    private readonly FileSystemWatcher? _watcher;

    public HostOutputWatch(string outputPath, Process process)
    {
        _process = process;
        _process.Exited += Signal;
        _process.EnableRaisingEvents = true;
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(outputPath)!, Path.GetFileName(outputPath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += Signal;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>
    /// Returns once the output grew or the host exited since the last call (at once if it did meanwhile), or after
    /// <paramref name="timeout"/>: the caller looks again either way.
    /// </summary>
    public Task NextAsync(TimeSpan timeout, CancellationToken cancellation) =>
        _changed.WaitAsync(_watcher is null && timeout > Fallback ? Fallback : timeout, cancellation);

    private void Signal(object? sender, EventArgs e) => _changed.Release();

    public void Dispose()
    {
        // The semaphore is left to the collector: a late event may still release it.
        _process.Exited -= Signal;
        _watcher?.Dispose();
    }
}
