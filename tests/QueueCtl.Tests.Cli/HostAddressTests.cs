using QueueCtl.Actors.Hosting;
using QueueCtl.Cli;

namespace QueueCtl.Tests.Cli;

public class HostAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:7437", "127.0.0.1", 7437)]
    [InlineData(" localhost:17500 ", "localhost", 17500)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("queue.example.com:1", "queue.example.com", 1)]
    public void TryParse_ReturnsHostnameAndPort_WhenWellFormed(string text, string hostname, int port)
    {
        Assert.True(HostAddress.TryParse(text, out var address, out var error));
        Assert.Null(error);
        Assert.Equal(new HostAddress(hostname, port), address);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":7437")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:port")]
    [InlineData("::1:7437")]
    [InlineData("[::1]7437")]
    public void TryParse_Fails_WhenMalformed(string text)
    {
        Assert.False(HostAddress.TryParse(text, out var address, out var error));
        Assert.Null(address);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Resolve_PrefersOption_WhenOptionAndEnvironmentGiven()
    {
        var (address, _) = HostAddress.Resolve("127.0.0.1:1111", "127.0.0.1:2222");
        Assert.Equal(1111, address!.Port);
    }

    [Fact]
    public void Resolve_UsesEnvironment_WhenNoOption()
    {
        var (address, _) = HostAddress.Resolve(null, "127.0.0.1:2222");
        Assert.Equal(2222, address!.Port);
    }

    [Fact]
    public void Resolve_UsesDefault_WhenNeitherGiven()
    {
        var (address, _) = HostAddress.Resolve(null, "");
        Assert.Equal(HostAddress.Default, address);
        Assert.Equal("127.0.0.1:7437", address!.ToString());
    }

    [Fact]
    public void Resolve_NamesTheEnvironmentVariable_WhenItIsInvalid()
    {
        var (address, error) = HostAddress.Resolve(null, "nonsense");
        Assert.Null(address);
        Assert.Contains("QUEUECTL_HOST", error);
    }

    [Fact]
    public void ManagerPath_KeepsHostnameVerbatim_WhenLocalhost()
    {
        Assert.Equal("akka.ssl.tcp://queuectl@localhost:7437/user/queuectl", new HostAddress("localhost", 7437).ManagerPath);
    }

    [Fact]
    public void HostControlPath_BracketsIpv6()
    {
        Assert.Equal("akka.ssl.tcp://queuectl@[::1]:7437/user/queuectl-host", new HostAddress("::1", 7437).HostControlPath);
    }
}
