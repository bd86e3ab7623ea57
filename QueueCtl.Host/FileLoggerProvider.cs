using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace QueueCtl.Host;

/// <summary>Appends log lines to <c>host.log</c> in the data directory, from one background writer.</summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public FileLoggerProvider(string path)
    {
        _writer = Task.Run(async () =>
        {
            await using var file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
            await foreach (var line in _lines.Reader.ReadAllAsync())
            {
                await file.WriteLineAsync(line);
                if (_lines.Reader.Count == 0)
                {
                    await file.FlushAsync();
                }
            }
        });
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(2));
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
            provider._lines.Writer.TryWrite(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
    }
}
