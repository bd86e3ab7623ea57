using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;
using QueueCtl.Tests.Domain.Support;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>Spec 3: with <c>--json</c> a job is an object with the field names of spec 2.</summary>
public sealed class JobJsonTests(ActorSystemFixture fixture) : IClassFixture<ActorSystemFixture>
{
    private static JsonElement Render(Job job) =>
        JsonDocument.Parse(JsonSerializer.Serialize(job, QueueCtlJsonContext.Default.Job)).RootElement;

    [Fact]
    public void Job_HasEveryFieldOfSpecSectionTwoInSnakeCase_WhenSerialized()
    {
        var names = Render(Samples.NewJob).EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "id", "command", "state", "attempts", "max_retries", "priority", "run_at", "timeout_seconds", "depends_on",
            "created_at", "updated_at", "started_at", "finished_at", "exit_code", "last_error", "next_attempt_at",
        }, names);
        Assert.All(names, name => Assert.Matches("^[a-z]+(_[a-z]+)*$", name));
    }

    [Fact]
    public void Job_WritesStateLowerCaseAndTimestampsAsIso8601_WhenPending()
    {
        var json = Render(Samples.NewJob);

        Assert.Equal("job1", json.GetProperty("id").GetString());
        Assert.Equal("echo hi", json.GetProperty("command").GetString());
        Assert.Equal("pending", json.GetProperty("state").GetString());
        Assert.Equal(0, json.GetProperty("attempts").GetInt32());
        Assert.Equal(3, json.GetProperty("max_retries").GetInt32());
        Assert.Equal("2026-03-01T12:00:00+00:00", json.GetProperty("created_at").GetString());
        Assert.Equal("2026-03-01T12:00:00+00:00", json.GetProperty("updated_at").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("exit_code").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("depends_on").ValueKind);
    }

    [Theory]
    [InlineData(JobState.Pending, "pending")]
    [InlineData(JobState.Processing, "processing")]
    [InlineData(JobState.Completed, "completed")]
    [InlineData(JobState.Failed, "failed")]
    [InlineData(JobState.Dead, "dead")]
    public void Job_WritesTheSpecStateName_WhenInAnyState(JobState state, string name)
    {
        Assert.Equal(name, Render(Samples.NewJob with { State = state }).GetProperty("state").GetString());
        Assert.Equal(name, state.ToWire());
    }

    [Fact]
    public void Job_WritesRetryFields_WhenFailed()
    {
        var json = Render(Samples.FullJob);

        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.Equal("2026-03-01T12:00:07.5+00:00", json.GetProperty("next_attempt_at").GetString());
        Assert.Equal("exited with code 2", json.GetProperty("last_error").GetString());
        Assert.Equal(2, json.GetProperty("exit_code").GetInt32());
        Assert.Equal(["fetch-1", "compile-2"], json.GetProperty("depends_on").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("processing", json.GetProperty("history")[1].GetProperty("state").GetString());
    }

    [Fact]
    public void CommandRejected_WritesKindInSnakeCase_WhenSerialized()
    {
        var rejected = new CommandRejected(RejectionKind.WrongState, "no");

        var json = JsonDocument.Parse(fixture.System.Serialization.FindSerializerFor(rejected).ToBinary(rejected)).RootElement;

        Assert.Equal("wrong_state", json.GetProperty("kind").GetString());
        Assert.Equal("no", json.GetProperty("reason").GetString());
    }

    [Fact]
    public void JobSubmission_ReadsSpecFieldNames_WhenParsedFromCliJson()
    {
        var submission = JsonSerializer.Deserialize("""{"id":"job1","command":"echo hi","max_retries":3}""",
            QueueCtlJsonContext.Default.JobSubmission);

        Assert.Equal(new JobSubmission("job1", "echo hi", 3), submission);
    }
}
