using System.Runtime.Serialization;
using Akka.Serialization;
using System.Text;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Protocol;
using QueueCtl.Actors.Serialization;
using QueueCtl.Tests.Domain.Support;

namespace QueueCtl.Tests.Domain.Serialization;

/// <summary>Every protocol message, stored event and the snapshot travel and are stored through QueueCtlSerializer.</summary>
public sealed class QueueCtlSerializerTests(ActorSystemFixture fixture) : IClassFixture<ActorSystemFixture>
{
    private readonly Akka.Serialization.Serialization _serialization = fixture.System.Serialization;

    public static TheoryData<string> EveryManifest => [.. Manifests.ByType.Values.Select(v => v.Manifest).Order(StringComparer.Ordinal)];

    private static object SampleFor(string manifest) => Samples.All.Single(s => Manifests.ByType[s.GetType()].Manifest == manifest);

    [Fact]
    public void Samples_CoverEveryManifestedType_WhenListed()
    {
        Assert.Equal(
            Manifests.ByType.Keys.Select(t => t.FullName).Order(StringComparer.Ordinal),
            Samples.All.Select(s => s.GetType().FullName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryManifest))]
    public void FindSerializerFor_ReturnsQueueCtlSerializer_WhenGivenAnyMessageEventOrSnapshot(string manifest)
    {
        var serializer = _serialization.FindSerializerFor(SampleFor(manifest));

        Assert.IsType<QueueCtlSerializer>(serializer);
        Assert.Equal(QueueCtlSerializer.Id, serializer.Identifier);
    }

    [Theory]
    [MemberData(nameof(EveryManifest))]
    public void FromBinary_ReturnsAnEqualValue_WhenGivenToBinaryOfAnyType(string manifest)
    {
        var original = SampleFor(manifest);
        var serializer = Assert.IsType<QueueCtlSerializer>(_serialization.FindSerializerFor(original));

        var bytes = serializer.ToBinary(original);
        var copy = serializer.FromBinary(bytes, serializer.Manifest(original));

        Assert.Equal(original is QueueSnapshot ? SnapshotCodec.Manifest : manifest, serializer.Manifest(original));
        Deep.Equal(original, copy);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(serializer.ToBinary(copy)));
    }

    [Theory]
    [MemberData(nameof(EveryManifest))]
    public void Deserialize_FindsTheSerializerByIdentifier_WhenGivenIdAndManifest(string manifest)
    {
        var original = SampleFor(manifest);
        var serializer = _serialization.FindSerializerFor(original);

        var copy = _serialization.Deserialize(serializer.ToBinary(original), QueueCtlSerializer.Id, ((SerializerWithStringManifest)serializer).Manifest(original));

        Deep.Equal(original, copy);
    }

    [Fact]
    public void FromSnapshot_RestoresAnEquivalentState_WhenSnapshotWentThroughTheSerializer()
    {
        var original = Mixed.State();
        var snapshot = original.ToSnapshot();
        var serializer = Assert.IsType<QueueCtlSerializer>(_serialization.FindSerializerFor(snapshot));

        var stored = (QueueSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));

        StateAssert.Equivalent(original, QueueState.FromSnapshot(stored, Given.Defaults));
    }

    [Fact]
    public void FromBinary_ThrowsSerializationExceptionNamingTheManifest_WhenManifestIsUnknown()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "p.FutureMessage"));

        Assert.Contains("'p.FutureMessage'", error.Message);
        Assert.Contains("incompatible version of queuectl", error.Message);
    }

    [Fact]
    public void FromBinary_ThrowsSerializationException_WhenPayloadIsJsonNull()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary("null"u8.ToArray(), "e.JobStarted"));

        Assert.Contains("empty payload for 'e.JobStarted'", error.Message);
    }

    [Fact]
    public void ToBinary_ThrowsNamingTheType_WhenTypeHasNoManifest()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);

        var error = Assert.Throws<ArgumentException>(() => serializer.ToBinary(StartNextJobs.Instance));

        Assert.Contains(typeof(StartNextJobs).FullName!, error.Message);
    }

    [Fact]
    public void FromBinary_ReadsAnInterruptionStoredBeforeTheCountedFieldExisted_AsCounted()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var stored = """{"job_id":"a","reason":"host stopped","at":"2026-03-01T12:00:00+00:00"}"""u8.ToArray();

        var interrupted = Assert.IsType<JobInterrupted>(serializer.FromBinary(stored, "e.JobInterrupted"));

        Assert.True(interrupted.Counted);
        Assert.Equal("host stopped", interrupted.Reason);
    }

    [Fact]
    public void FromBinary_ReadsAJobWithoutHostInterruptions_AsNone()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var job = Job.New(new NewJob("a", "true", 3), 1, DateTimeOffset.UnixEpoch) with { Interruptions = 2 };
        var json = Encoding.UTF8.GetString(serializer.ToBinary(new JobDetails(job)));
        var old = json.Replace(",\"host_interruptions\":0", "", StringComparison.Ordinal);
        Assert.NotEqual(json, old);

        var read = Assert.IsType<JobDetails>(serializer.FromBinary(Encoding.UTF8.GetBytes(old), "p.JobDetails")).Job;

        Assert.Equal((2, 0), (read.Interruptions, read.HostInterruptions));
    }

    [Fact]
    public void FromBinary_ReadsAnEnqueueStoredBeforePriorityRunAtAndTimeoutExisted_AsPriorityZeroNoRunAtNoTimeout()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var stored = """{"jobs":[{"id":"a","command":"echo a","max_retries":3}],"at":"2026-03-01T12:00:00+00:00"}"""u8.ToArray();

        var enqueued = Assert.IsType<JobsEnqueued>(serializer.FromBinary(stored, "e.JobsEnqueued"));

        Assert.Equal(new NewJob("a", "echo a", 3), enqueued.Jobs.Single());
        var job = Given.Events(enqueued).Find("a")!;
        Assert.Equal((0, Clock.T0, false, (int?)null), (job.Priority, job.RunAt, job.WaitsForRunAt, job.TimeoutSeconds));
    }

    /// <summary>A plain job is stored byte for byte as before: old code reads new journals of plain jobs, and they grow by nothing.</summary>
    [Fact]
    public void ToBinary_WritesAPlainJobWithoutPriorityRunAtOrTimeout_SoItsEventIsAsBefore()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);

        var plain = Encoding.UTF8.GetString(serializer.ToBinary(new JobsEnqueued([new NewJob("a", "echo a", 3)], Clock.T0)));
        var submission = Encoding.UTF8.GetString(serializer.ToBinary(new EnqueueJobs([new JobSubmission("a", "echo a")])));

        Assert.Equal("""{"jobs":[{"id":"a","command":"echo a","max_retries":3}],"at":"2026-03-01T12:00:00+00:00"}""", plain);
        Assert.DoesNotContain("priority", submission);
        Assert.DoesNotContain("run_at", submission);
        Assert.DoesNotContain("timeout", submission);
    }

    [Fact]
    public void ToBinary_WritesTheTimeoutOfAJobWithOne_SoItSurvivesARestart()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var enqueued = new JobsEnqueued([new NewJob("a", "echo a", 3, TimeoutSeconds: 90)], Clock.T0);

        var stored = serializer.ToBinary(enqueued);

        Assert.Equal("""{"jobs":[{"id":"a","command":"echo a","max_retries":3,"timeout_seconds":90}],"at":"2026-03-01T12:00:00+00:00"}""",
            Encoding.UTF8.GetString(stored));
        var read = Assert.IsType<JobsEnqueued>(serializer.FromBinary(stored, "e.JobsEnqueued"));
        Assert.Equal(90, Given.Events(read).Find("a")!.TimeoutSeconds);
    }

    [Fact]
    public void FromBinary_ReadsAStatusFromAHostBeforeScheduledJobs_AsNoneScheduled()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var status = new StatusView(Mixed.State().CountByState(), 6, 2, 1,
            new HostInfo("akka.tcp://queuectl@127.0.0.1:7437", 1, "0.1.0", Clock.T0, "/d"));
        var json = Encoding.UTF8.GetString(serializer.ToBinary(status));
        var old = json.Replace(",\"scheduled\":0,\"next_run_at\":null", "", StringComparison.Ordinal);
        Assert.NotEqual(json, old);

        var read = Assert.IsType<StatusView>(serializer.FromBinary(Encoding.UTF8.GetBytes(old), "p.StatusView"));

        Assert.Equal((0, (DateTimeOffset?)null), (read.Scheduled, read.NextRunAt));
    }

    [Fact]
    public void ToBinary_WritesASnapshotWithSnapshotCodec_AndReadsItBack()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var snapshot = Mixed.State().ApplyAll([new ScheduleAdded("nightly", "0 2 * * *", "Europe/Paris", "backup.sh", 2, -4, 60, Clock.At(10))]).ToSnapshot();

        var bytes = serializer.ToBinary(snapshot);

        Assert.Equal(SnapshotCodec.Manifest, serializer.Manifest(snapshot));
        Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]); // gzipped
        var read = Assert.IsType<QueueSnapshot>(serializer.FromBinary(bytes, SnapshotCodec.Manifest));
        Assert.Equal(JsonSerializer.Serialize(snapshot, QueueCtlJsonContext.Default.QueueSnapshot), JsonSerializer.Serialize(read, QueueCtlJsonContext.Default.QueueSnapshot));
        StateAssert.Equivalent(QueueState.FromSnapshot(snapshot, Given.Defaults), QueueState.FromSnapshot(read, Given.Defaults));
    }

    [Fact]
    public void SnapshotCodecRead_ReadsTheSnapshot_WhenTheGzipTrailerUnderstatesItsLength()
    {
        // Two gzip members: the last one's trailer gives only its own length, as one past 4 GiB would give the rest.
        var snapshot = Mixed.State().ToSnapshot();
        var packed = MemoryPack.MemoryPackSerializer.Serialize(snapshot);
        var twoMembers = new MemoryStream();
        foreach (var part in new[] { packed[..(packed.Length / 2)], packed[(packed.Length / 2)..] })
        {
            using var gzip = new System.IO.Compression.GZipStream(twoMembers, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(part);
        }

        var read = SnapshotCodec.Read(twoMembers.ToArray());

        Assert.Equal(JsonSerializer.Serialize(snapshot, QueueCtlJsonContext.Default.QueueSnapshot), JsonSerializer.Serialize(read, QueueCtlJsonContext.Default.QueueSnapshot));
        Assert.Equal(
            JsonSerializer.Serialize(snapshot, QueueCtlJsonContext.Default.QueueSnapshot),
            JsonSerializer.Serialize(SnapshotCodec.Read(SnapshotCodec.Write(snapshot)), QueueCtlJsonContext.Default.QueueSnapshot));
    }

    [Fact]
    public void FromBinary_ReadsAJsonSnapshot_AsStoredBefore03()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var json = JsonSerializer.SerializeToUtf8Bytes(Mixed.State().ToSnapshot(), QueueCtlJsonContext.Default.QueueSnapshot);

        var read = Assert.IsType<QueueSnapshot>(serializer.FromBinary(json, "s.QueueSnapshot"));

        StateAssert.Equivalent(Mixed.State(), QueueState.FromSnapshot(read, Given.Defaults));
    }

    [Fact]
    public void FromBinary_ReadsASnapshotStoredBeforeSchedules_AsNoSchedules()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var json = JsonSerializer.Serialize(Mixed.State().ToSnapshot(), QueueCtlJsonContext.Default.QueueSnapshot);
        var old = json.Replace(",\"schedules\":[]", "", StringComparison.Ordinal);
        Assert.NotEqual(json, old);

        var read = Assert.IsType<QueueSnapshot>(serializer.FromBinary(Encoding.UTF8.GetBytes(old), "s.QueueSnapshot"));

        StateAssert.Equivalent(Mixed.State(), QueueState.FromSnapshot(read, Given.Defaults));
    }

    [Fact]
    public void ToBinary_WritesAScheduleFiringWithItsJob_SoTheJobAndTheLastFiringSurviveARestart()
    {
        var serializer = new QueueCtlSerializer((Akka.Actor.ExtendedActorSystem)fixture.System);
        var fired = new ScheduleFired("tick", Clock.At(60), new NewJob("tick:2026-03-01T12:01:00Z", "echo tick", 3), Clock.At(60.5));

        var stored = Encoding.UTF8.GetString(serializer.ToBinary(fired));

        Assert.Equal("""{"name":"tick","firing_at":"2026-03-01T12:01:00+00:00","job":{"id":"tick:2026-03-01T12:01:00Z","command":"echo tick","max_retries":3},"at":"2026-03-01T12:01:00.5+00:00"}""",
            stored);
    }
}
