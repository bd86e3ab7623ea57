using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Protocol;
using QueueCtl.Host.Dashboard;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// The dashboard's stream actors against probes standing in for the queue's supervisor and manager: what they ask the
/// queue, what they put on the browser's channel, and how they come back after the manager restarts.
/// </summary>
public sealed class DashboardStreamActorTests(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EventStream_SendsEachStoredEventWithItsType_AfterSubscribing()
    {
        var manager = CreateTestProbe();
        var (_, stream, messages) = await SubscribedLiveFeedAsync(manager);

        stream.Tell(new EventsStored([new JobCompleted("a", 0, At), new JobStarted("b", 1, At)]), manager.Ref);

        Assert.Equal(
            "event: JobCompleted\ndata: {\"job_id\":\"a\",\"exit_code\":0,\"at\":\"2026-12-06T05:00:00+00:00\"}\n\n" +
            "event: JobStarted\ndata: {\"job_id\":\"b\",\"attempt\":1,\"at\":\"2026-12-06T05:00:00+00:00\"}\n\n",
            await ReadAsync(messages));
    }

    [Fact]
    public async Task EventStream_CountsManyEventsInOneMessage_WhenTheyComeFasterThanItsInterval()
    {
        var manager = CreateTestProbe();
        var (_, stream, messages) = await SubscribedLiveFeedAsync(manager);

        // The first write goes out at once; the next ones, within the interval, are gathered and counted.
        stream.Tell(new EventsStored([new JobStarted("first", 1, At)]), manager.Ref);
        Assert.StartsWith("event: JobStarted\n", await ReadAsync(messages));
        for (var i = 0; i < LiveFeedActor.MostDetailed; i++)
        {
            stream.Tell(new EventsStored([new JobCompleted($"j{i}", 0, At), new JobStarted($"k{i}", 1, At)]), manager.Ref);
        }

        Assert.Equal(
            $"event: changed\ndata: {{\"events\":{2 * LiveFeedActor.MostDetailed},\"types\":{{\"JobCompleted\":{LiveFeedActor.MostDetailed},\"JobStarted\":{LiveFeedActor.MostDetailed}}}}}\n\n",
            await ReadAsync(messages));
        Assert.False(messages.Reader.TryRead(out var more), $"a second message came: {more}");
    }

    [Fact]
    public async Task EventStream_SubscribesAgain_WhenTheManagerRestarts()
    {
        var first = CreateTestProbe();
        var (supervisor, stream, messages) = await SubscribedLiveFeedAsync(first);

        Sys.Stop(first.Ref);
        supervisor.ExpectMsg<SubscribeToEvents>(TimeSpan.FromSeconds(5));
        // A supervisor between restarts answers for the manager; the stream asks again a moment later.
        stream.Tell(new CommandRejected(RejectionKind.Unavailable, "restarting"), supervisor.Ref);
        supervisor.ExpectMsg<SubscribeToEvents>(TimeSpan.FromSeconds(5));
        stream.Tell(SubscribedToEvents.Instance, CreateTestProbe().Ref);

        Assert.Contains("event: subscribed", await ReadAsync(messages));
    }

    [Fact]
    public async Task LogStream_FollowsTheJob_AcknowledgingEachChunkOnceDelivered()
    {
        var queue = CreateTestProbe();
        var follower = CreateTestProbe();
        var messages = Channel.CreateUnbounded<string>();
        var stream = Sys.ActorOf(LogStreamActor.Props(queue.Ref, "a", messages.Writer));

        Assert.Equal("a", queue.ExpectMsg<FollowJobLog>().JobId);
        stream.Tell(new JobLogChunk("a", 0, 6, "hello\n", EndOfLog: true), follower.Ref);
        var chunk = await ReadAsync(messages);
        Assert.StartsWith(LogStreamActor.OutputEvent, chunk);
        Assert.Contains("\"text\":\"hello\\n\"", chunk);
        follower.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        stream.Tell(LogStreamActor.Delivered.Instance);
        Assert.Equal(6, follower.ExpectMsg<JobLogChunkReceived>().NextOffset);
        Watch(stream);
        stream.Tell(new JobLogFollowEnded("a", JobState.Completed, 6), follower.Ref);

        Assert.StartsWith("event: ended\n", await ReadAsync(messages));
        ExpectTerminated(stream);
        Assert.True(messages.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task LogStream_SaysWhyTheQueueRefused()
    {
        var queue = CreateTestProbe();
        var messages = Channel.CreateUnbounded<string>();
        var stream = Sys.ActorOf(LogStreamActor.Props(queue.Ref, "nope", messages.Writer));
        queue.ExpectMsg<FollowJobLog>();

        stream.Tell(new CommandRejected(RejectionKind.NotFound, "no job with id 'nope'"), queue.Ref);

        var refused = await ReadAsync(messages);
        Assert.StartsWith("event: refused\ndata: ", refused);
        var data = System.Text.Json.JsonDocument.Parse(refused["event: refused\ndata: ".Length..]).RootElement;
        Assert.Equal("no job with id 'nope'", data.GetProperty("reason").GetString());
    }

    /// <summary>A live feed on a probe standing in for the queue's supervisor, subscribed with <paramref name="manager"/> as the manager.</summary>
    private async Task<(TestProbe Supervisor, IActorRef Stream, Channel<string> Messages)> SubscribedLiveFeedAsync(TestProbe manager)
    {
        var supervisor = CreateTestProbe();
        var messages = Channel.CreateUnbounded<string>();
        var stream = Sys.ActorOf(LiveFeedActor.Props(supervisor.Ref, messages.Writer));
        supervisor.ExpectMsg<SubscribeToEvents>();
        stream.Tell(SubscribedToEvents.Instance, manager.Ref);
        Assert.Equal("event: subscribed\ndata: {}\n\n", await ReadAsync(messages));
        return (supervisor, stream, messages);
    }

    private static async Task<string> ReadAsync(Channel<string> messages)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await messages.Reader.ReadAsync(timeout.Token);
    }
}
