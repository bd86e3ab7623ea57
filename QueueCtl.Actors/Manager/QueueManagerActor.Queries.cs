using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

public sealed partial class QueueManagerActor
{
    /// <summary>Queries read the state and store nothing.</summary>
    private void QueryHandlers()
    {
        Command<CheckProtocol>(check => Sender.Tell(check.Version == ProtocolVersion.Current
            ? new ProtocolAccepted(ProtocolVersion.Current, QueueCtlConfig.Version)
            : new CommandRejected(RejectionKind.ProtocolMismatch,
                $"this host (queuectl {QueueCtlConfig.Version}) speaks protocol {ProtocolVersion.Current} but the client " +
                $"(queuectl {check.ClientVersion}) speaks {check.Version}; use a CLI and host of the same version")));
        Command<GetStatus>(_ => Sender.Tell(new StatusView(
            _state.CountByState(),
            _state.Jobs.Count,
            _state.WorkerCount,
            _state.Running.Count,
            new HostInfo(
                ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(),
                Environment.ProcessId,
                QueueCtlConfig.Version,
                _startedAt,
                _options.DataDirectory))));
        Command<ListJobs>(list =>
        {
            var (jobs, matching) = _state.List(list.State, list.Limit);
            Sender.Tell(new JobList(jobs, matching));
        });
        Command<GetJob>(get => Sender.Tell(_state.Find(get.JobId) is { } job ? new JobDetails(job) : UnknownJob(get.JobId)));
        Command<GetConfig>(_ => Sender.Tell(new ConfigView(_state.Settings.ToDictionary().ToImmutableSortedDictionary())));
        Command<WaitForJobs>(wait =>
        {
            var unknown = wait.JobIds.FirstOrDefault(id => _state.Find(id) is null);
            if (wait.JobIds.IsDefaultOrEmpty || unknown is not null)
            {
                Sender.Tell(unknown is null
                    ? new CommandRejected(RejectionKind.InvalidInput, "wait needs at least one job id")
                    : UnknownJob(unknown));
            }
            else if (JobWaiters.TryFinished(_state, wait.JobIds) is { } finished)
            {
                Sender.Tell(finished);
            }
            else
            {
                _waiters.Add(wait.JobIds, Sender);
            }
        });
        Command<GetJobLog>(get =>
        {
            if (_state.Find(get.JobId) is null)
            {
                Sender.Tell(UnknownJob(get.JobId));
                return;
            }
            var maxBytes = Math.Clamp(get.MaxBytes, 1024, _settings.LogChunkBytes);
            JobLogReader.ReadAsync(get.JobId, LogPath(get.JobId), Math.Max(0, get.Offset), maxBytes).PipeTo(Sender);
        });
    }

    private static CommandRejected UnknownJob(string jobId) =>
        new(RejectionKind.NotFound, $"no job with id '{jobId}'; 'queuectl list' shows the jobs there are");
}
