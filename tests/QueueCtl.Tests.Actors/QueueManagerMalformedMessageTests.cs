using System.Text;
using Akka.Actor;
using Akka.Serialization;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Tests.Actors.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.Actors;

/// <summary>
/// Messages as the queuectl serializer decodes them from the wire, with the nulls a buggy or foreign client can send
/// (System.Text.Json does not enforce nullable annotations). The queue must refuse them with a reply and must not
/// throw: a thrown exception restarts the manager, which kills every running job and records it as interrupted.
/// </summary>
public sealed class QueueManagerMalformedMessageTests(ITestOutputHelper output) : QueueTestKit(output)
{
    private const string NullJobId = "BUG: QueueState.Find (Domain/QueueState.cs:48) throws ArgumentNullException on a null id, and " +
        "Manager/QueueManagerActor.Queries.cs:35 (GetJob) and :57 (GetJobLog) call it unchecked. Expected CommandRejected; " +
        "actual: no reply, the manager restarts, the running job is killed and re-run as interrupted.";

    private const string NullWaitIds = "BUG: Manager/QueueManagerActor.Queries.cs:39 evaluates wait.JobIds.FirstOrDefault(...) before its " +
        "IsDefaultOrEmpty check and calls Find on each id: a missing job_ids (default array) or a null id throws. Expected " +
        "CommandRejected(InvalidInput); actual: no reply, the manager restarts, the running job is killed and re-run as interrupted.";

    private const string NullSubmission = "BUG: Manager/QueueManagerActor.cs:251 (WithGeneratedIds) reads j.Id of each submission before " +
        "QueueState.Decide can reject a null one (\"the job is empty\"): NullReferenceException. Expected CommandRejected(InvalidInput); " +
        "actual: no reply, the manager restarts, the running job is killed and re-run as interrupted.";

    [Theory]
    [InlineData("p.EnqueueJobs", """{}""")]
    [InlineData("p.EnqueueJobs", """{"jobs":[{"id":"x","command":null}]}""")]
    [InlineData("p.RetryDeadJob", """{"job_id":null}""")]
    [InlineData("p.SetConfig", """{"key":null,"value":"1"}""")]
    public Task QueueManager_RejectsTheCommandAndKeepsRunningJobs_WhenAWireCommandCarriesNulls(string manifest, string json) =>
        AssertRejectedWithoutRestartAsync(manifest, json);

    [Fact]
    public Task EnqueueJobs_IsRejectedAndRunningJobsAreKept_WhenASubmissionIsNull() =>
        AssertRejectedWithoutRestartAsync("p.EnqueueJobs", """{"jobs":[null]}""");

    [Fact]
    public Task WaitForJobs_IsRejectedAndRunningJobsAreKept_WhenJobIdsAreMissing() =>
        AssertRejectedWithoutRestartAsync("p.WaitForJobs", """{}""");

    [Fact]
    public Task WaitForJobs_IsRejectedAndRunningJobsAreKept_WhenAJobIdIsNull() =>
        AssertRejectedWithoutRestartAsync("p.WaitForJobs", """{"job_ids":[null]}""");

    [Fact]
    public Task GetJob_IsRejectedAndRunningJobsAreKept_WhenTheJobIdIsNull() =>
        AssertRejectedWithoutRestartAsync("p.GetJob", """{"job_id":null}""");

    [Fact]
    public Task GetJobLog_IsRejectedAndRunningJobsAreKept_WhenTheJobIdIsNull() =>
        AssertRejectedWithoutRestartAsync("p.GetJobLog", """{"job_id":null,"offset":0,"max_bytes":4096}""");

    private async Task AssertRejectedWithoutRestartAsync(string manifest, string json)
    {
        var manager = NewManager();
        await EnqueueAsync(manager, "bystander", $"touch '{DataFile("started")}'; sleep 1");
        await StartWorkersAsync(manager, 1);
        AwaitFile(DataFile("started"));

        var reply = await manager.Ask<object>(Decode(manifest, json), Short);

        Assert.IsType<CommandRejected>(reply);
        var bystander = (await WaitForAsync(manager, "bystander")).Single();
        Assert.Equal((JobState.Completed, 1, 0), (bystander.State, bystander.Attempts, bystander.Interruptions));
    }

    private object Decode(string manifest, string json)
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(GetStatus));
        return serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest);
    }
}
