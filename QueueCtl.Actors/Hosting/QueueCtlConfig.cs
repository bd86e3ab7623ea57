using System.Reflection;
using Akka.Configuration;

namespace QueueCtl.Actors.Hosting;

/// <summary>The defaults of <c>hocon/queuectl.conf</c>, embedded in this assembly.</summary>
public static class QueueCtlConfig
{
    private const string ResourceName = "QueueCtl.queuectl.conf";

    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(QueueCtlConfig).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The HOCON text: serializer bindings and every <c>queuectl.*</c> default.</summary>
    public static string Hocon => Text.Value;

    public static Config Default => ConfigurationFactory.ParseString(Hocon);

    public static string Version { get; } =
        typeof(QueueCtlConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
