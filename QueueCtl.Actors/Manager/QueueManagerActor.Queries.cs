using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

public sealed partial class QueueManagerActor
{
    /// <summary>
    /// Queries read the state and store nothing. The state may hold events decided but not yet stored, so every
    /// answer waits (<see cref="AnswerWhenStored"/>) until those are: a client never sees what a crash could undo.
    /// </summary>
    private void QueryHandlers()
    {
        Command<CheckProtocol>(check => Sender.Tell(ProtocolVersion.IsAccepted(check.Version)
            ? new ProtocolAccepted(ProtocolVersion.Current, QueueCtlConfig.Version)
            : new CommandRejected(RejectionKind.ProtocolMismatch,
                $"this host (queuectl {QueueCtlConfig.Version}) speaks protocol {ProtocolVersion.Oldest} to {ProtocolVersion.Current} " +
                $"but the client (queuectl {check.ClientVersion}) speaks {check.Version}; use a CLI and host of the same version")));
        Command<GetMetrics>(_ => AnswerWhenStored(Metrics()));
        Command<GetStatus>(_ =>
        {
            var (scheduled, nextRunAt) = _state.Scheduled();
            AnswerWhenStored(new StatusView(
                _state.CountByState(),
                _state.Jobs.Count,
                _state.WorkerCount,
                _state.Running.Count,
                new HostInfo(
                    ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(),
                    Environment.ProcessId,
                    QueueCtlConfig.Version,
                    _startedAt,
                    _options.DataDirectory),
                scheduled,
                nextRunAt,
                _state.Queues()));
        });
        Command<ListJobs>(list =>
        {
            var (jobs, matching) = _state.List(list);
            AnswerWhenStored(new JobList(ReplyBudget.Fit(jobs), matching));
        });
        Command<GetJob>(get => AnswerWhenStored(
            get.JobId is null ? MissingJobId : _state.Find(get.JobId) is { } job ? new JobDetails(job) : UnknownJob(get.JobId)));
        Command<ListQueues>(_ => AnswerWhenStored(new QueueList(_state.Queues())));
        Command<GetConfig>(_ => AnswerWhenStored(new ConfigView(_state.Settings.ToDictionary().ToImmutableSortedDictionary())));
        Command<WaitForJobs>(wait =>
        {
            if (wait.JobIds.IsDefaultOrEmpty || wait.JobIds.Any(id => id is null))
            {
                Sender.Tell(new CommandRejected(RejectionKind.InvalidInput, "wait needs one or more job ids"));
            }
            else if (wait.JobIds.FirstOrDefault(id => _state.Find(id) is null) is { } unknown)
            {
                Sender.Tell(UnknownJob(unknown));
            }
            else if (JobWaiters.TryFinished(_state, wait.JobIds) is { } finished)
            {
                AnswerWaiter(Sender, finished);
            }
            else
            {
                _waiters.Add(_state, wait.JobIds, Sender);
            }
        });
        Command<GetJobLog>(get =>
        {
            if (get.JobId is null || _state.Find(get.JobId) is null)
            {
                Sender.Tell(get.JobId is null ? MissingJobId : UnknownJob(get.JobId));
                return;
            }
            var maxBytes = Math.Clamp(get.MaxBytes, 1024, _settings.LogChunkBytes);
            // Only locals reach the task: no actor field is touched off the actor's thread.
            var (jobId, path, offset) = (get.JobId, LogPath(get.JobId), Math.Max(0, get.Offset));
            JobLogReader.ReadAsync(jobId, path, get.Attempt, offset, maxBytes).PipeTo(Sender,
                failure: e => new CommandRejected(RejectionKind.WrongState,
                    $"cannot read the log of job '{jobId}': {e.GetBaseException().Message}; check {path} on the host"));
        });
        Command<FollowJobLog>(follow =>
        {
            if (follow.JobId is null || _state.Find(follow.JobId) is null)
            {
                Sender.Tell(follow.JobId is null ? MissingJobId : UnknownJob(follow.JobId));
                return;
            }
            // The follower is the sender: an actor of the CLI, reached over the connection the CLI opened.
            var maxBytes = Math.Clamp(follow.MaxBytes, 1024, _settings.LogChunkBytes);
            var follower = Context.ActorOf(JobLogFollowerActor.Props(follow.JobId, LogPath(follow.JobId), Math.Max(0, follow.Offset), maxBytes, Sender));
            _followed[Context.Watch(follower)] = follow.JobId; // its job and log are kept while it follows
        });
    }

    /// <summary>Replies to the current sender once every event decided so far is stored (at once if none is pending).</summary>
    private void AnswerWhenStored(object reply) => AnswerWhenStored(Sender, reply);

    private void AnswerWhenStored(IActorRef replyTo, object reply)
    {
        // Deferred handlers run in order, so the head of the queue is always the one answered.
        _awaitingStorage.Enqueue(replyTo);
        DeferAsync(reply, r => _awaitingStorage.Dequeue().Tell(r));
    }

    /// <summary>
    /// A waiter needs every job, so a reply too large for one remoting frame cannot be cut like a list: the waiter is
    /// told why, and how to ask, instead of waiting for an answer that would be dropped on the way.
    /// </summary>
    private void AnswerWaiter(IActorRef replyTo, JobsFinished finished)
    {
        var fits = ReplyBudget.Fit(finished.Jobs).Length;
        AnswerWhenStored(replyTo, fits == finished.Jobs.Length
            ? finished
            : new CommandRejected(RejectionKind.InvalidInput,
                $"the {finished.Jobs.Length} jobs are finished, but their details are too large for one reply; " +
                $"wait for at most {Math.Max(1, fits)} of these jobs at a time"));
    }

    private static readonly CommandRejected MissingJobId = new(RejectionKind.InvalidInput, "the request names no job id");

    private static CommandRejected UnknownJob(string jobId) =>
        new(RejectionKind.NotFound, $"no job with id '{jobId}'; 'queuectl list' shows the jobs there are");
}
