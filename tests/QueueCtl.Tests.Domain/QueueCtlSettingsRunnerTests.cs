using Akka.Configuration;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Tests.Domain;

/// <summary><c>queuectl.runner</c>: which runner starts the jobs, read and checked once with the other settings.</summary>
public sealed class QueueCtlSettingsRunnerTests
{
    [Fact]
    public void Runner_IsNativeOnLinuxAndPortableElsewhere_ByDefault()
    {
        var settings = QueueCtlSettings.From(QueueCtlConfig.Default);

        Assert.Equal(OperatingSystem.IsLinux() ? JobRunnerKind.Native : JobRunnerKind.Portable, settings.Runner);
    }

    [Theory]
    [InlineData("portable")]
    [InlineData(" Portable ")]
    [InlineData("PORTABLE")]
    public void Runner_IsPortable_WhenConfiguredSoOnAnyOs(string value)
    {
        Assert.Equal(JobRunnerKind.Portable, SettingsWith($"queuectl.runner = \"{value}\"").Runner);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("native")]
    [InlineData("NATIVE")]
    public void Runner_IsNativeOnLinux_AndNativeIsRefusedElsewhere(string value)
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(JobRunnerKind.Native, SettingsWith($"queuectl.runner = {value}").Runner);
        }
        else if (value == "auto")
        {
            Assert.Equal(JobRunnerKind.Portable, SettingsWith($"queuectl.runner = {value}").Runner);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => SettingsWith($"queuectl.runner = {value}"));
        }
    }

    [Fact]
    public void From_RefusesNamingTheKeyAndTheChoices_WhenTheValueIsNoRunner()
    {
        var refused = Assert.Throws<ArgumentException>(() => SettingsWith("queuectl.runner = fast"));

        Assert.Equal("queuectl.runner must be auto, native or portable, not 'fast'", refused.Message);
    }

    [Fact]
    public void Resolve_RefusesTheNativeRunner_OffLinux()
    {
        var (runner, error) = JobRunnerSetting.Resolve("native");

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(JobRunnerKind.Native, runner);
        }
        else
        {
            Assert.Null(runner);
            Assert.Equal("the native runner needs Linux; use auto or portable here", error);
        }
    }

    private static QueueCtlSettings SettingsWith(string hocon) =>
        QueueCtlSettings.From(ConfigurationFactory.ParseString(hocon).WithFallback(QueueCtlConfig.Default));
}
