using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

/// <summary>
/// One <c>queuectl logs ID --follow</c>: pushes the job's output to the follower as the job writes it, and a
/// <see cref="JobLogFollowEnded"/> once the job is completed or dead and its last output is sent. Nothing polls: the
/// job's process writes the log itself, so the kernel says when (inotify, through <see cref="FileSystemWatcher"/>), the
/// manager says when the job is finished (it answers this actor's <see cref="WaitForJobs"/> like a <c>queuectl wait</c>),
/// and the follower says when it has written a chunk (<see cref="JobLogChunkReceived"/>), so at most one chunk is ever on
/// the way and a job that writes faster than the follower reads cannot fill the host's memory. Reads run off the actor
/// thread (<see cref="JobLogReader"/>). A child of the manager: it stops with it, and tells the follower why.
/// </summary>
internal sealed class JobLogFollowerActor : ReceiveActor
{
    private readonly string _jobId;
    private readonly string _logPath;
    private readonly int _maxBytes;
    private readonly IActorRef _follower;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private FileSystemWatcher? _watcher;
    private long _offset;
    private bool _reading;
    private bool _unacknowledged;
    private bool _moreToRead = true;
    private JobState? _finishedAs;
    private bool _done;

    public JobLogFollowerActor(string jobId, string logPath, long offset, int maxBytes, IActorRef follower)
    {
        _jobId = jobId;
        _logPath = logPath;
        _offset = offset;
        _maxBytes = maxBytes;
        _follower = follower;
        Receive<LogWritten>(_ =>
        {
            _moreToRead = true;
            Pump();
        });
        Receive<JobLogChunk>(OnRead);
        Receive<JobLogChunkReceived>(_ =>
        {
            _unacknowledged = false;
            Pump();
        });
        Receive<JobsFinished>(finished =>
        {
            // One more read after this: everything the job wrote is in the log by the time its outcome is stored.
            _finishedAs = finished.Jobs.IsDefaultOrEmpty ? JobState.Completed : finished.Jobs[0].State;
            _moreToRead = true;
            Pump();
        });
        Receive<CommandRejected>(rejected => Stop(rejected));
        Receive<ReadFailed>(failed => Stop(new CommandRejected(RejectionKind.WrongState,
            $"cannot read the log of job '{_jobId}': {failed.Reason}; check {_logPath} on the host")));
        Receive<DisassociatedEvent>(gone =>
        {
            if (gone.RemoteAddress == _follower.Path.Address)
            {
                _log.Info("Stopped following the log of job {0}: its follower at {1} disconnected", _jobId, gone.RemoteAddress);
                Stop(null);
            }
        });
        Receive<Terminated>(_ => Stop(null));
    }

    public static Props Props(string jobId, string logPath, long offset, int maxBytes, IActorRef follower) =>
        Akka.Actor.Props.Create(() => new JobLogFollowerActor(jobId, logPath, offset, maxBytes, follower));

    protected override void PreStart()
    {
        try
        {
            _watcher = Watch(_logPath, Self);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Out of inotify instances (fs.inotify.max_user_instances), say: refused, not restarted over and over.
            Stop(new CommandRejected(RejectionKind.Unavailable,
                $"the host cannot watch the log of job '{_jobId}' for new output ({e.Message}); `queuectl logs {_jobId}` prints what it holds so far"));
            return;
        }
        // A remote follower cannot be watched: both sides run Akka.Remote in untrusted mode, which drops a remote Watch and
        // the heartbeats it needs (see QueueClient.AskAsync). Its connection closing says it is gone, killed or not.
        if (_follower.Path.Address.HasGlobalScope)
        {
            Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        }
        else
        {
            Context.Watch(_follower);
        }
        Context.Parent.Tell(new WaitForJobs(ImmutableArray.Create(_jobId)));
        Pump();
    }

    /// <summary>
    /// An inotify watch on the log's directory, reporting changes of this log only. Its callbacks run on the watcher's
    /// thread: they only tell the actor, through <paramref name="self"/>, never touching a field.
    /// </summary>
    private static FileSystemWatcher Watch(string logPath, IActorRef self)
    {
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(logPath)!, Path.GetFileName(logPath))
        {
            NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.FileName,
        };
        watcher.Changed += (_, _) => self.Tell(LogWritten.Instance);
        watcher.Created += (_, _) => self.Tell(LogWritten.Instance);
        watcher.Error += (_, _) => self.Tell(LogWritten.Instance); // an overflowed queue lost events: read anyway
        try
        {
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }
    }

    /// <summary>Starts the next read when there may be output, none is under way and the follower took the last chunk.</summary>
    private void Pump()
    {
        if (_done || _reading || _unacknowledged)
        {
            return;
        }
        if (!_moreToRead)
        {
            if (_finishedAs is { } state)
            {
                _follower.Tell(new JobLogFollowEnded(_jobId, state, _offset));
                Stop(null);
            }
            return;
        }
        _reading = true;
        _moreToRead = false;
        // A job still running may be halfway through a character; once it is finished, its last bytes are read as they are.
        JobLogReader.ReadAsync(_jobId, _logPath, _offset, _maxBytes, new Workers.RunSpan(0, null), wholeCharactersOnly: _finishedAs is null)
            .PipeTo(Self, failure: e => new ReadFailed(e.GetBaseException().Message));
    }

    private void OnRead(JobLogChunk chunk)
    {
        _reading = false;
        if (chunk.NextOffset > chunk.Offset)
        {
            _offset = chunk.NextOffset;
            _unacknowledged = true;
            _follower.Tell(chunk);
            // A full chunk leaves more behind it; otherwise the next write (or the job's end) asks for the next read.
            _moreToRead |= !chunk.EndOfLog;
        }
        Pump();
    }

    private void Stop(CommandRejected? tell)
    {
        if (tell is not null)
        {
            _follower.Tell(tell);
        }
        _done = true;
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _watcher?.Dispose();
        Context.System.EventStream.Unsubscribe(Self);
        if (!_done)
        {
            // The manager stopped (the host is stopping, or its queue restarts after a storage fault).
            _follower.Tell(new CommandRejected(RejectionKind.Unavailable,
                $"the host stopped following the output of job '{_jobId}' (it is stopping, or its queue is restarting); " +
                $"run `queuectl logs {_jobId} --follow` again once the host answers"));
        }
    }

    /// <summary>The log changed (inotify), or may have.</summary>
    private sealed record LogWritten
    {
        public static readonly LogWritten Instance = new();
    }

    private sealed record ReadFailed(string Reason);
}
