using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Workers;

namespace QueueCtl.Actors.Manager;

public sealed partial class QueueManagerActor
{
    /// <summary>
    /// The least time between two forgettings by age. The oldest finished job may be kept for others (a dependant, a
    /// waiting client), and would otherwise bring the due timer back at once, again and again; a minute also batches a
    /// steady flow of jobs coming of age into one event a minute.
    /// </summary>
    private static readonly TimeSpan ForgetByAgeInterval = TimeSpan.FromMinutes(1);

    /// <summary>The log followers (children) and the job each follows: its job and log are kept while it runs.</summary>
    private readonly Dictionary<IActorRef, string> _followed = [];

    /// <summary>The counts the last forgetting left, which jobs kept for others may hold above the limits (see <see cref="QueueState.KeepsTooMany"/>).</summary>
    private JobCounts _keptAfterForget;

    private DateTimeOffset _forgetByAgeNotBefore;

    /// <summary>
    /// Ids whose forgotten logs are being deleted, with how many deletions of each are under way. A new job under such an
    /// id waits for them before its run goes out (<see cref="_runsAfterLogDeletion"/>): the deletion would take its new log.
    /// </summary>
    private readonly Dictionary<string, int> _logsBeingDeleted = new(StringComparer.Ordinal);

    private readonly Dictionary<string, RunJob> _runsAfterLogDeletion = new(StringComparer.Ordinal);

    /// <summary><c>queuectl clean</c> and <c>config set keep-*</c>, which may have made more jobs forgettable than before.</summary>
    private void RetentionHandlers()
    {
        Command<CleanJobs>(clean => Execute(new ForgetFinishedJobs(clean, WatchedJobs()), Sender));
        Command<LogsDeleted>(deleted =>
        {
            foreach (var id in deleted.JobIds)
            {
                // An answer to this actor's previous incarnation (restarted since) finds nothing under way.
                if (_logsBeingDeleted.TryGetValue(id, out var pending) && (_logsBeingDeleted[id] = pending - 1) == 0)
                {
                    _logsBeingDeleted.Remove(id);
                    if (_runsAfterLogDeletion.Remove(id, out var run))
                    {
                        Send(run);
                    }
                }
            }
        });
        Command<SetConfig>(set =>
        {
            _keptAfterForget = default;
            _forgetByAgeNotBefore = default;
            Execute(set, Sender);
            ArmDueTimer();
        });
    }

    /// <summary>Retention's events, applied, once a state keeps too many finished jobs; none before (one count compared per write).</summary>
    private ImmutableArray<IQueueEvent> DecideForgetBeyondCount() =>
        _state.KeepsTooMany(_keptAfterForget) ? DecideForget() : [];

    private ImmutableArray<IQueueEvent> DecideForget()
    {
        var forget = _state.Decide(new ForgetFinishedJobs(null, WatchedJobs()), Now).Events;
        Apply(forget);
        _keptAfterForget = _state.Counts;
        return forget;
    }

    /// <summary>When the due timer next forgets jobs that came of age, or null while no keep-*-for applies to any.</summary>
    private DateTimeOffset? ForgetByAgeAt =>
        _state.ForgetDueAt is { } at ? (at > _forgetByAgeNotBefore ? at : _forgetByAgeNotBefore) : null;

    /// <summary>
    /// A job finished, so it will come of age: the due timer is armed if it is not. An armed one fires within
    /// <see cref="MaxDueTimerDelay"/> and is re-armed for the oldest then, so a finish costs one field read.
    /// </summary>
    private void ArmForgetByAge()
    {
        if (_dueTimerAt is null)
        {
            ArmDueTimer();
        }
    }

    /// <summary>The due timer fired: the jobs old enough are forgotten, at most once per <see cref="ForgetByAgeInterval"/>.</summary>
    private void ForgetByAgeIfDue()
    {
        if (ForgetByAgeAt is { } at && at <= Now)
        {
            _forgetByAgeNotBefore = Now + ForgetByAgeInterval;
            Persist(DecideForget());
        }
    }

    private HashSet<string> WatchedJobs()
    {
        var watched = new HashSet<string>(_waiters.WatchedJobIds, StringComparer.Ordinal);
        watched.UnionWith(_followed.Values);
        return watched;
    }

    /// <summary>
    /// A forgetting is stored: its jobs' logs (and run indexes) are deleted on the thread pool, as a log is read, so the
    /// queue never waits on the file system.
    /// </summary>
    private void DeleteLogs(JobsForgotten forgotten)
    {
        var ids = forgotten.JobIds;
        foreach (var id in ids)
        {
            _logsBeingDeleted[id] = _logsBeingDeleted.GetValueOrDefault(id) + 1;
        }
        var paths = ids.Select(LogPath).ToList();
        var log = _log;
        Task.Run(() =>
        {
            foreach (var path in paths)
            {
                try
                {
                    File.Delete(path);
                    File.Delete(JobLogRuns.IndexPath(path));
                }
                catch (Exception e)
                {
                    // Whatever failed, the answer below must come: a new job of the same id waits for it.
                    log.Warning("Could not delete the log of a forgotten job ({0}): {1}", path, e.Message);
                }
            }
            return new LogsDeleted(ids);
        }).PipeTo(Self);
    }

    /// <summary>The logs of these forgotten jobs are gone (or could not be deleted, which was logged).</summary>
    private sealed record LogsDeleted(ImmutableArray<string> JobIds);
}
