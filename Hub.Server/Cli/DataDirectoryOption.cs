using System.CommandLine;

namespace Hub.Server.Cli;

/// <summary>The <c>--data-dir</c> option every verb that touches the Hub's files shares.</summary>
internal static class DataDirectoryOption
{
    public static Option<string> Create() => new("--data-dir")
    {
        Description = "The Hub's data directory (embedded database, keys, CA). Default: $HUB_DATA_DIR, else ./data.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_DATA_DIR") ?? "data",
    };
}
