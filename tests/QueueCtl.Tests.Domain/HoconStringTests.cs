using Akka.Configuration;
using QueueCtl.Actors.Hosting;

namespace QueueCtl.Tests.Domain;

/// <summary>Paths and names put into HOCON text read back exactly, whatever characters they hold.</summary>
public sealed class HoconStringTests
{
    public static TheoryData<string> AwkwardValues => new()
    {
        @"C:\Users\me\queue",
        @"\\server\share\queue dir\",
        "/home/me/my queue",
        "/tmp/quote\"in\"it",
        "/tmp/it's",
        "/tmp/#not-a-comment",
        "/tmp/// not a comment either",
        "/tmp/${HOME}/$PATH/${?HOME}",
        "/tmp/a,b:c=d{e}[f]+g",
        "/tmp/inner  spaces kept/ /",
        "nullable",
        "/tmp/ünïcødé/日本語/🚀",
        "/tmp/tab\there/newline\nhere/cr\rhere/bell\u0007/del\u007f/nul\0",
        "Data Source=\"/tmp/x;y\";Pooling=True",
        "",
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void Quote_ReadsBackTheExactValue_WhenParsedAsHocon(string value)
    {
        var config = ConfigurationFactory.ParseString($"queuectl.test.value = {HoconString.Quote(value)}\nqueuectl.test.after = 1");

        Assert.Equal(value, config.GetString("queuectl.test.value"));
        Assert.Equal(1, config.GetInt("queuectl.test.after")); // nothing after the value was swallowed
    }

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void Quote_ReadsBackTheExactValue_WhenUsedInsideAnObjectAndAList(string value)
    {
        var quoted = HoconString.Quote(value);
        var config = ConfigurationFactory.ParseString($$"""
            a {
              b = {{quoted}}
              list = [{{quoted}}, {{quoted}}]
            }
            """);

        Assert.Equal(value, config.GetString("a.b"));
        Assert.Equal([value, value], config.GetStringList("a.list"));
    }

    [Theory]
    [InlineData(" /tmp/leading-space")]
    [InlineData("/tmp/trailing-space ")]
    [InlineData("/tmp/trailing-newline\n")]
    [InlineData("null")]
    public void Quote_RefusesTheValue_WhenAkkasHoconWouldNotReadItBackAsItIs(string value)
    {
        // Proof that the refusal is needed: quoted and escaped, the value still comes back changed.
        var escaped = "\"" + value.Replace("\n", "\\n") + "\"";
        Assert.NotEqual(value, ConfigurationFactory.ParseString($"a = {escaped}").GetString("a"));

        var refused = Assert.Throws<ArgumentException>(() => HoconString.Quote(value));
        Assert.Contains("cannot be written into Akka's HOCON", refused.Message);
    }

    [Fact]
    public void Quote_WritesOneLineOfText_WithControlCharactersEscaped()
    {
        Assert.Equal("\"a\\\\b\\\"c\\nd\\u0007e\"", HoconString.Quote("a\\b\"c\nd\u0007e"));
    }
}
