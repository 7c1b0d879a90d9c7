using Hub.Server.Cli;

return await HubCommandLine.RunAsync(args);
