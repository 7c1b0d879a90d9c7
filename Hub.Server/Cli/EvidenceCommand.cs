using System.CommandLine;
using Hub.Server.Evidence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub evidence verify [--data-dir DIR | --connection CS]</c>: recomputes the evidence chain and checks its anchors.
/// An intact chain prints a summary and exits 0; a broken one prints one line naming the first broken link and exits
/// 3, so a script can tell "tampered" from "could not check" (1) and bad input (2).
/// </summary>
internal static class EvidenceCommand
{
    /// <summary>The exit code of a chain found broken.</summary>
    public const int BrokenExitCode = 3;

    public static Command Create()
    {
        var command = new Command("evidence", "The evidence chain: verify it.");
        command.Subcommands.Add(Verify());
        return command;
    }

    private static Command Verify()
    {
        var data = DataDirectoryOption.Create();
        var connection = new Option<string?>("--connection")
        {
            Description = "Verify the chain of this PostgreSQL database (read only; no master key needed) instead of the data directory's.",
        };
        var command = new Command("verify", "Recompute every entry's hash and link and check every anchor's time-stamp; name the first broken link.")
        {
            data, connection,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var report = parsed.GetValue(connection) is { } connectionString
                ? await VerifyDatabaseAsync(connectionString, cancellationToken)
                : await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: false, services: null,
                    services => services.GetRequiredService<EvidenceVerification>().VerifyAsync(cancellationToken), cancellationToken);
            if (report.Break is { } broken)
            {
                throw new CommandLineFailure(broken.Line, BrokenExitCode);
            }

            Console.Out.WriteLine(report.HeadHash is null
                ? "evidence chain empty: 0 entries, 0 anchors"
                : $"evidence chain intact: {report.Entries} entries, head {report.HeadSeq} {Convert.ToHexStringLower(report.HeadHash)}, "
                  + (report.Anchors == 0
                      ? "not anchored yet"
                      : $"{report.Anchors} anchor{(report.Anchors == 1 ? "" : "s")}, the last at entry {report.LastAnchoredSeq} time-stamped {report.LastAnchoredAt:u}"));
            return 0;
        });
        return command;
    }

    private static async Task<EvidenceChainReport> VerifyDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = NpgsqlDataSource.Create(connectionString);
            return await new EvidenceVerification(db).VerifyAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException)
        {
            throw new CommandLineFailure(exception.Message);
        }
    }
}
