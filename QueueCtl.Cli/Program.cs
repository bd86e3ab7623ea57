using QueueCtl.Cli;

SystemTrustStore.Ignore();
var console = CliConsole.System();
var exitCode = await CliApp.RunAsync(args, console);
await console.Out.FlushAsync();
return exitCode;
