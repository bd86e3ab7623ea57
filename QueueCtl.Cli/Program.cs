using QueueCtl.Cli;

var console = CliConsole.System();
var exitCode = await CliApp.RunAsync(args, console);
await console.Out.FlushAsync();
return exitCode;
