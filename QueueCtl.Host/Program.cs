using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QueueCtl.Actors.Hosting;
using QueueCtl.Actors.Security;
using QueueCtl.Host;

// The host node: one fluent setup of remoting, the SQLite journal and the queue's actors.
var (arguments, usageError) = HostArguments.Parse(args);
if (arguments is null)
{
    if (usageError is not null)
    {
        Console.Error.WriteLine($"queuectl host: {usageError}");
    }
    Console.Error.WriteLine(HostArguments.Usage);
    return usageError is null ? 0 : 2;
}

if (PortCheck.Problem(arguments.Address) is { } portProblem)
{
    Console.Error.WriteLine($"queuectl host: {portProblem}");
    return 1;
}

var (dataDirectory, lockError) = DataDirectory.Open(arguments.DataDirectory);
if (dataDirectory is null)
{
    Console.Error.WriteLine($"queuectl host: {lockError}");
    return 1;
}

using (dataDirectory)
{
    System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
    try
    {
        certificate = QueueCertificate.LoadOrCreate(dataDirectory.Path, DateTimeOffset.UtcNow);
    }
    catch (QueueCertificateException e)
    {
        Console.Error.WriteLine($"queuectl host: {e.Message}");
        return 1;
    }
    Akka.Configuration.Config overrides;
    QueueCtlSettings settings;
    HostSettings hostSettings;
    try
    {
        overrides = HostHocon.UserOverrides(dataDirectory.Path);
        if (arguments.Runner is { } runner)
        {
            overrides = HostHocon.Runner(runner).WithFallback(overrides);
        }
        var effective = overrides.WithFallback(QueueCtlConfig.Default);
        settings = QueueCtlSettings.From(effective);
        hostSettings = HostSettings.From(effective);
    }
    catch (Exception e) when (e is ArgumentException or Akka.Configuration.ConfigurationException or FormatException)
    {
        Console.Error.WriteLine($"queuectl host: bad configuration in {Path.Combine(dataDirectory.Path, "host.conf")}: {e.Message}");
        return 2;
    }
    // No defaults: the host reads no appsettings.json or environment configuration, and above all keeps no
    // FileSystemWatcher on its working directory (it woke up for every job's log file being written).
    // DotNetty (under Akka.Remote) records a stack trace for one received buffer in 128 to report leaks: a debugging aid
    // that cost the host about 3% of its CPU while the CLI waited on a run of jobs.
    DotNetty.Common.ResourceLeakDetector.Level = DotNetty.Common.ResourceLeakDetector.DetectionLevel.Disabled;
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Logging.ClearProviders()
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddProvider(new FileLoggerProvider(dataDirectory.HostLogPath))
        .AddFilter("Microsoft.Hosting", LogLevel.Warning);
    // The drain's phase follows the grace (see QueueCtlSettings.DrainPhaseFor), and the generic host waits for all phases.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(60));
    builder.Services.AddAkka(QueueCtlNames.SystemName, (akka, services) =>
    {
        akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(arguments.Address.Hostname, arguments.Address.Port)
            .AddHocon(HostHocon.Idle(), HoconAddMode.Prepend)
            .AddHocon(HostHocon.Remoting(), HoconAddMode.Prepend)
            .AddHocon(MutualTls.Config(), HoconAddMode.Prepend)
            .AddHocon(RestartWhenKilled.Hocon, HoconAddMode.Prepend)
            .AddSetup(MutualTls.Setup(certificate))
            .AddHocon(HostHocon.Persistence(dataDirectory.DatabasePath), HoconAddMode.Prepend)
            .AddHocon(QueueCtlSettings.DrainPhaseFor(settings.ShutdownGrace), HoconAddMode.Prepend)
            .AddHocon(overrides, HoconAddMode.Prepend)
            .AddHocon(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddSetup(new Akka.Persistence.Sql.Config.DataOptionsSetup(
                SqlitePragmas.DataOptions(HostHocon.ConnectionString(dataDirectory.DatabasePath), hostSettings.SqliteSynchronous)))
            .WithQueueCtl(new QueueCtlOptions { DataDirectory = dataDirectory.Path })
            .WithActors((system, _) => system.ActorOf(
                HostControlActor.Props(
                    services.GetRequiredService<IHostApplicationLifetime>(), settings.ShutdownGrace,
                    services.GetRequiredService<QueueCtl.Host.Dashboard.DashboardServer>()),
                QueueCtlNames.HostControlActorName));
    });

    // --metrics-listen was checked with the arguments; the addresses host.conf gives are checked here.
    var dashboardListen = hostSettings.DashboardListen ?? HostSettings.DefaultDashboardListen;
    var listenProblem = (arguments.MetricsListen is null && hostSettings.MetricsListen is { } configured
            ? ListenAddress.Problem(configured, arguments.AllowRemote, HostSettings.MetricsListenKey)
            : null)
        ?? ListenAddress.Problem(dashboardListen, arguments.AllowRemote, HostSettings.DashboardListenKey);
    if (listenProblem is not null)
    {
        Console.Error.WriteLine($"queuectl host: {listenProblem}");
        return 2;
    }
    if ((arguments.MetricsListen ?? hostSettings.MetricsListen) is { } metricsListen)
    {
        QueueCtl.Host.Metrics.MetricsEndpoint.AddTo(builder.Services, metricsListen);
    }
    QueueCtl.Host.Dashboard.DashboardServer.AddTo(builder.Services, dashboardListen, dataDirectory.Path);

    using var host = builder.Build();
    try
    {
        await host.StartAsync();
    }
    catch (Exception e)
    {
        // The port checked free above can be taken before remoting binds it (another program, a CLI's ephemeral port);
        // say so in one line like the check does. The whole exception is in host.log.
        Console.Error.WriteLine($"queuectl host: {StartFailure.Describe(e, arguments.Address, dataDirectory.HostLogPath)}");
        return 1;
    }
    Console.Out.WriteLine($"{QueueCtlNames.HostReadyLine} {arguments.Address} (pid {Environment.ProcessId}, data {dataDirectory.Path})");
    await host.WaitForShutdownAsync();
    return 0;
}
