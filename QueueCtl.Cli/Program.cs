using QueueCtl.Cli;

return await CliApp.RunAsync(args, CliConsole.System());
