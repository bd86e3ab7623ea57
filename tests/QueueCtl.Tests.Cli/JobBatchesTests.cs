using QueueCtl.Actors.Protocol;
using QueueCtl.Cli.Input;

namespace QueueCtl.Tests.Cli;

public class JobBatchesTests
{
    private static List<JobSubmission> Jobs(int count, int commandLength = 10) =>
        Enumerable.Range(0, count).Select(i => new JobSubmission($"j{i}", new string('x', commandLength))).ToList();

    [Fact]
    public void Split_MakesBatchesOfAThousand_WhenJobsAreSmall()
    {
        var batches = JobBatches.Split(Jobs(2500)).ToList();
        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Jobs.Length));
        Assert.Equal([0, 1000, 2000], batches.Select(b => b.First));
    }

    [Fact]
    public void Split_MakesSmallerBatches_WhenCommandsAreLarge()
    {
        var batches = JobBatches.Split(Jobs(100, commandLength: 100_000)).ToList();
        Assert.True(batches.Count > 1);
        Assert.Equal(100, batches.Sum(b => b.Jobs.Length));
        Assert.All(batches, b => Assert.True(b.Jobs.Sum(j => j.Command.Length) <= JobBatches.MaxBytes));
    }

    [Fact]
    public void Split_ReturnsOneBatch_WhenOneJob()
    {
        Assert.Single(JobBatches.Split(Jobs(1)));
    }
}
