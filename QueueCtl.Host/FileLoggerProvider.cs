using Microsoft.Extensions.Logging;
using QueueCtl.Actors.Security;

namespace QueueCtl.Host;

/// <summary>
/// Appends log lines to <c>host.log</c> in the data directory. The host logs little (information and up), so a
/// lock and a flush per line keep it simple and leave nothing unwritten if the host is killed.
/// </summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _file = new(OwnerOnly.Open(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                _file.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // a late line during shutdown
            }
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{DateTimeOffset.UtcNow:O} {logLevel,-11} {category}: {formatter(state, exception)}";
            provider.Write(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
    }
}
