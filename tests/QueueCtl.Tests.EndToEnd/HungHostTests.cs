using System.Diagnostics;
using QueueCtl.Tests.EndToEnd.Support;
using Xunit.Abstractions;

namespace QueueCtl.Tests.EndToEnd;

/// <summary>
/// Issue 11, section 3: a host that hangs (<c>kill -STOP</c>). Its port still accepts connections (the kernel does
/// that), but nothing answers the TLS handshake. Every CLI command must give up after the client's handshake timeout
/// (10 s, <c>QueueClient.DefaultHandshakeTimeout</c>) with exit 3, the address, and what to do; none of them may change
/// the queue; after <c>kill -CONT</c> the host serves as before.
/// </summary>
public sealed class HungHostTests(ITestOutputHelper output)
{
    /// <summary>The handshake timeout the CLI documents (10 s), plus a CLI start and stop on a busy 2-core machine.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bound = HandshakeTimeout + TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EveryCommand_ExitsThreeWithinTheHandshakeTimeoutAndChangesNothing_WhenTheHostIsStopped()
    {
        await using var host = await TestHost.StartAsync(output);
        var cli = host.Cli;
        (await cli.RunAsync("enqueue", "--id", "before", "--max-retries", "0", "echo before")).Succeeded();
        (await cli.RunAsync("enqueue", "--id", "doomed", "--max-retries", "0", "exit 9")).Succeeded();
        (await cli.RunAsync("worker", "start")).Succeeded();
        (await cli.RunAsync("wait", "before", "doomed")).Exited(4);
        var queueBefore = (await cli.ListAsync()).Summary();

        string[][] commands =
        [
            ["status"],
            ["enqueue", "--id", "during-hang", "echo never"],
            ["list"],
            ["show", "before"],
            ["logs", "before"],
            ["wait", "before"],
            ["dlq", "retry", "doomed"],
            ["config", "set", "max-retries", "7"],
            ["worker", "start", "--count", "3"],
            ["host", "stop"],
        ];
        Signals.Send(host.Pid, Signals.SIGSTOP);
        CliResult[] results;
        try
        {
            // Three at a time: each only waits out the same timeout, but a CLI's start costs a second of CPU,
            // and thirteen starting at once on two busy cores measured their start, not the timeout.
            results = await RunThreeAtATimeAsync(cli, commands);
        }
        finally
        {
            Signals.Send(host.Pid, Signals.SIGCONT);
        }

        foreach (var result in results)
        {
            output.WriteLine($"{string.Join(' ', result.Arguments)}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s");
        }
        foreach (var result in results)
        {
            result.Exited(3);
            Assert.Contains($"the host at {host.Address} does not answer", result.Stderr);
            Assert.Contains($"no queuectl host answered within {HandshakeTimeout.TotalSeconds:0} s", result.Stderr);
            Assert.Contains($"(pid {host.Pid}, from its host.pid)", result.Stderr);
            Assert.Contains("kill -CONT", result.Stderr);
            Assert.True(result.Elapsed < Bound, $"took {result.Elapsed.TotalSeconds:0.0} s, more than {Bound.TotalSeconds:0} s:\n{result}");
            Assert.True(result.Elapsed >= HandshakeTimeout - TimeSpan.FromSeconds(1),
                $"gave up after {result.Elapsed.TotalSeconds:0.0} s, before the handshake timeout:\n{result}");
        }

        // Resumed, the host serves, and nothing the commands asked for while it hung was done.
        var status = await Eventually.AssertAsync(() => cli.StatusAsync(), TimeSpan.FromSeconds(30), "the resumed host answering");
        Assert.Equal(host.Pid, status.GetProperty("host").Int("pid"));
        Assert.Equal(1, status.Int("workers_configured"));
        Assert.Equal(queueBefore, (await cli.ListAsync()).Summary());
        (await cli.RunAsync("show", "during-hang")).Exited(1);
        Assert.Equal("3", (await cli.RunAsync("config", "get", "max-retries")).Succeeded().Stdout.Trim());
        (await cli.RunAsync("enqueue", "--id", "after", "echo after")).Succeeded();
        (await cli.RunAsync("wait", "after")).Succeeded();
        Assert.Equal("after\n", (await cli.RunAsync("logs", "after")).Succeeded().Stdout);
    }

    private static async Task<CliResult[]> RunThreeAtATimeAsync(Cli cli, string[][] commands)
    {
        var results = new CliResult[commands.Length];
        var next = -1;
        async Task Lane()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < commands.Length)
            {
                results[i] = await cli.RunAsync(commands[i], stdin: null, TimeSpan.FromSeconds(60));
            }
        }
        await Task.WhenAll(Lane(), Lane(), Lane());
        return results;
    }
}
