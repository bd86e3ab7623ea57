using System.Collections.Immutable;
using Akka.Actor;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Manager;
using QueueCtl.Actors.Serialization;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>Queries and their refusals: <c>queuectl wait</c>, <c>logs</c>, and the protocol check every CLI call starts with.</summary>
public sealed class QueueManagerQueryTests(ITestOutputHelper output) : QueueTestKit(output)
{
    [Fact]
    public async Task WaitForJobs_IsRejectedAsNotFound_WhenAJobIdIsUnknown()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "known", "true");

        var rejected = await AskAsync<CommandRejected>(manager, new WaitForJobs(["known", "ghost"]));
        var empty = await AskAsync<CommandRejected>(manager, new WaitForJobs([]));

        Assert.Equal(RejectionKind.NotFound, rejected.Kind);
        Assert.Contains("'ghost'", rejected.Reason);
        Assert.Equal(RejectionKind.InvalidInput, empty.Kind);
    }

    [Fact]
    public async Task ListJobs_CutsTheListToFitOneRemotingFrame_WhenTheJobsAreLarge()
    {
        var manager = NewManager();
        var command = "true #" + new string('x', 100_000);
        var jobs = Enumerable.Range(0, 60).Select(i => new JobSubmission($"big-{i}", command)).ToImmutableArray();
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs(jobs));

        var list = await AskAsync<JobList>(manager, new ListJobs(null, 60));

        Assert.Equal(60, list.Matching);
        Assert.InRange(list.Jobs.Length, 1, 59);
        Assert.True(list.Jobs.Sum(ReplyBudget.EstimatedBytes) <= ReplyBudget.Bytes);
        // The estimate errs high: the reply as the serializer writes it is smaller still, so it fits the 16 MiB frame.
        Assert.True(new QueueCtlSerializer((ExtendedActorSystem)Sys).ToBinary(list).Length <= ReplyBudget.Bytes);
    }

    [Fact]
    public async Task WaitForJobs_IsRejectedWithHowManyToAskFor_WhenTheFinishedJobsWouldNotFitOneReply()
    {
        var manager = NewManager();
        var command = "true #" + new string('x', 100_000);
        var ids = Enumerable.Range(0, 40).Select(i => $"big-{i}").ToArray();
        await AskAsync<JobsAccepted>(manager, new EnqueueJobs([.. ids.Select(id => new JobSubmission(id, command))]));
        await StartWorkersAsync(manager, 2);
        foreach (var few in ids.Chunk(10))
        {
            Assert.Equal(10, (await WaitForAsync(manager, few)).Count());
        }

        var rejected = await AskAsync<CommandRejected>(manager, new WaitForJobs([.. ids]));

        Assert.Equal(RejectionKind.InvalidInput, rejected.Kind);
        Assert.Contains("the 40 jobs are finished, but their details are too large for one reply", rejected.Reason);
        Assert.Matches(@"wait for at most \d+ of these jobs at a time", rejected.Reason);
    }

    [Fact]
    public async Task GetJobLog_ReturnsTheWholeOutput_WhenItFitsOneChunk()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "talk", "echo out; echo err >&2");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "talk");

        var chunk = await AskAsync<JobLogChunk>(manager, new GetJobLog("talk", 0, 65536));

        Assert.Equal(new JobLogChunk("talk", 0, 8, "out\nerr\n", EndOfLog: true), chunk);
    }

    [Fact]
    public async Task GetJobLog_ReturnsEmptyEndOfLog_WhenThePendingJobHasNoLogYet()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "later", "echo hi");

        var chunk = await AskAsync<JobLogChunk>(manager, new GetJobLog("later", 0, 4096));
        var unknown = await AskAsync<CommandRejected>(manager, new GetJobLog("ghost", 0, 4096));

        Assert.Equal(new JobLogChunk("later", 0, 0, "", EndOfLog: true), chunk);
        Assert.Equal(RejectionKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task GetJobLog_PagesThroughTheOutputByOffset_WhenItIsLargerThanOneChunk()
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "long", "seq 1 1000");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "long");
        var expected = await File.ReadAllTextAsync(LogOf("long"));

        var chunks = await ReadAllChunksAsync(manager, "long", maxBytes: 1024);

        Assert.Equal(4, chunks.Count); // 3893 bytes
        Assert.Equal([0L, 1024, 2048, 3072], chunks.Select(c => c.Offset));
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.EndOfLog));
        Assert.Equal(3893, chunks[^1].NextOffset);
        Assert.Equal(expected, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task GetJobLog_NeverCutsAUtf8Character_WhenAChunkBoundaryFallsInsideOne()
    {
        var manager = NewManager();
        // One ASCII byte, then 2-byte characters: byte 1024 is the first half of a character.
        await EnqueueAsync(manager, "utf8", "printf a; yes 'é' | head -n 1000 | tr -d '\\n'");
        await StartWorkersAsync(manager, 1);
        await WaitForAsync(manager, "utf8");

        var chunks = await ReadAllChunksAsync(manager, "utf8", maxBytes: 1024);

        Assert.Equal(1023, chunks[0].NextOffset);
        Assert.Equal("a" + new string('é', 1000), string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task CheckProtocol_IsRejectedAsProtocolMismatch_WhenTheVersionDiffers()
    {
        var manager = NewManager();

        var rejected = await AskAsync<CommandRejected>(manager, new CheckProtocol(ProtocolVersion.Current + 1, "9.9.9"));
        var accepted = await AskAsync<ProtocolAccepted>(manager, new CheckProtocol(ProtocolVersion.Current, QueueCtlConfig.Version));

        Assert.Equal(RejectionKind.ProtocolMismatch, rejected.Kind);
        Assert.Contains("9.9.9", rejected.Reason);
        Assert.Equal(new ProtocolAccepted(ProtocolVersion.Current, QueueCtlConfig.Version), accepted);
    }

    /// <summary>A CLI of protocol 1 sends nothing a host of 3 reads otherwise: it is still served (one CLI can drive both in an A/B).</summary>
    [Fact]
    public async Task CheckProtocol_IsAccepted_WhenTheClientSpeaksTheOldestProtocolStillUnderstood()
    {
        var manager = NewManager();

        var accepted = await AskAsync<ProtocolAccepted>(manager, new CheckProtocol(ProtocolVersion.Oldest, "0.1.0"));
        var tooOld = await AskAsync<CommandRejected>(manager, new CheckProtocol(ProtocolVersion.Oldest - 1, "0.0.1"));

        Assert.Equal(ProtocolVersion.Current, accepted.Version);
        Assert.Equal(1, ProtocolVersion.Oldest);
        Assert.Contains($"speaks protocol 1 to {ProtocolVersion.Current} but the client (queuectl 0.0.1) speaks 0", tooOld.Reason);
    }

    private static async Task<List<JobLogChunk>> ReadAllChunksAsync(Akka.Actor.IActorRef manager, string id, int maxBytes)
    {
        var chunks = new List<JobLogChunk>();
        var offset = 0L;
        while (chunks.Count < 100)
        {
            var chunk = await AskAsync<JobLogChunk>(manager, new GetJobLog(id, offset, maxBytes));
            chunks.Add(chunk);
            if (chunk.EndOfLog)
            {
                return chunks;
            }
            Assert.True(chunk.NextOffset > offset, "a chunk made no progress");
            offset = chunk.NextOffset;
        }
        throw new InvalidOperationException("the log never ended");
    }
}
